import type { VotingService } from '../../features/voting/service.ts';
import type { Results } from '../../../shared/domain/voting.ts';
import type { Logger } from '../../logger.ts';
import type { Claim } from './cluster.ts';
import { rooms, type IoServer } from './types.ts';

/** Takes turns with the other nodes at pushing one vote's tally (the cluster's Redis). */
export type TallySlots = { claim(key: string, ms: number): Promise<Claim> };
export type TallyAudience = 'everyone' | 'facilitators';

/**
 * A change this node counted within this long before another node claimed the push may have
 * been committed after that node's count began: the slot's age comes from Redis's clock and the
 * change's time from this node's, so this covers a round trip and timer drift.
 */
const CLOCK_MARGIN_MS = 25;

/**
 * Pushes vote counts as coalesced snapshots: at most one per interval per vote, never one per
 * ballot, and volatile, so a slow phone skips to the next snapshot instead of queueing them. Until
 * the reveal (unless the vote is live) only facilitators receive them. (VOTE9, VOTE10)
 */
export class TallyBroadcaster {
  private readonly pending = new Map<string, NodeJS.Timeout>();
  /** When this node last counted a change to each vote (after its commit). */
  private readonly changedAt = new Map<string, number>();

  private readonly intervalMs: number;
  private readonly chunk: number;
  /** Milliseconds the last snapshot of each vote took to write to this node's sockets. */
  private readonly writeMs = new Map<string, number>();
  private readonly slots: TallySlots | undefined;

  constructor(
    private readonly io: IoServer,
    private readonly voting: Pick<VotingService, 'results' | 'tallyAudience'>,
    private readonly log: Logger,
    opts: {
      intervalMs?: number;
      /** Several nodes: whose turn it is to push, and the other nodes to hand the push to. */
      slots?: TallySlots;
      /** Sockets written to in one go before acks and timers get a turn. */
      chunk?: number;
      /** The clock writes are timed by (tests). */
      clock?: () => number;
    } = {},
  ) {
    this.intervalMs = opts.intervalMs ?? 250;
    this.chunk = opts.chunk ?? 500;
    this.clock = opts.clock ?? (() => performance.now());
    this.slots = opts.slots;
    if (this.slots) {
      io.on('vote:deliver', (workshopId, results, audience) =>
        this.deliver(workshopId, results, audience),
      );
    }
  }

  private readonly clock: () => number;

  schedule(workshopId: string, activityId: string) {
    this.changedAt.set(activityId, Date.now());
    this.later(workshopId, activityId, this.gapOf(activityId));
  }

  /**
   * The time between two snapshots of a vote: the interval, or four times what writing the last
   * one took, whichever is longer (SCALE16). A hall's snapshot is one write per socket, and on a
   * node of 5,000 sockets those writes were half its CPU during a vote (a profile of the
   * 10,000-phone bench: `writev` 46 % of the node's samples); the ballots' acks and the phones'
   * pings queued behind them. So writing snapshots never takes more than about a fifth of a
   * node's time, and a small room still hears about four a second.
   */
  private gapOf(activityId: string) {
    return Math.max(this.intervalMs, Math.round(4 * (this.writeMs.get(activityId) ?? 0)));
  }

  private later(workshopId: string, activityId: string, ms: number) {
    if (this.pending.has(activityId)) return;
    this.pending.set(
      activityId,
      setTimeout(() => {
        this.pending.delete(activityId);
        this.fire(workshopId, activityId).catch((err: unknown) =>
          this.log.error({ err, activityId }, 'tally push failed'),
        );
      }, ms),
    );
  }

  /**
   * With several nodes, each would push every interval and a phone would hear one snapshot per
   * node. Instead the nodes take turns through a slot in Redis held for one interval: the node
   * that claims it counts after claiming, so its snapshot covers every change committed before
   * the claim. A node that finds the slot held therefore stops if its own last change came
   * before the holder claimed it, and otherwise tries again when the slot frees. (SCALE13)
   */
  private async fire(workshopId: string, activityId: string) {
    const slot = this.slots
      ? await this.slots.claim(`tally:${activityId}`, this.gapOf(activityId))
      : ({ claimed: true } as const);
    if (slot.claimed) return this.push(workshopId, activityId);
    const heldSince = Date.now() - (this.gapOf(activityId) - slot.heldForMs);
    if ((this.changedAt.get(activityId) ?? 0) < heldSince - CLOCK_MARGIN_MS) return;
    this.later(workshopId, activityId, slot.heldForMs + 5);
  }

  private async push(workshopId: string, activityId: string) {
    const [results, audience] = await Promise.all([
      this.voting.results(activityId),
      this.voting.tallyAudience(activityId),
    ]);
    // Each node writes to its own sockets, so each can spread its writes (below); the counting
    // was done once, here.
    if (this.slots) this.io.serverSideEmit('vote:deliver', workshopId, results, audience);
    this.deliver(workshopId, results, audience);
  }

  /**
   * Writes one snapshot to this node's sockets of the room. A hall's broadcast written in one go
   * holds the event loop for 200-400 ms at 10,000 sockets, and every ack and timer waits behind
   * it; in chunks, with a turn for other work between them, nobody waits that long. Each chunk
   * is one broadcast, so the frame is still encoded once per chunk, not once per socket.
   */
  private deliver(workshopId: string, results: Results, audience: TallyAudience) {
    const everyone = rooms.everyone(workshopId);
    const facilitators = rooms.facilitators(workshopId);
    const activityId = results.activityId;
    if (audience === 'everyone') {
      this.inChunks(activityId, everyone, undefined, (to) =>
        this.io.local.to(to).volatile.emit('vote:tally', results),
      );
      return;
    }
    this.io.local.to(facilitators).volatile.emit('vote:tally', results);
    const progress = {
      activityId: results.activityId,
      voters: results.voters,
      version: results.version,
    };
    this.inChunks(activityId, everyone, facilitators, (to) =>
      this.io.local.to(to).volatile.emit('vote:progress', progress),
    );
  }

  private inChunks(
    activityId: string,
    room: string,
    except: string | undefined,
    write: (to: string[]) => void,
  ) {
    const members = this.io.sockets.adapter.rooms.get(room);
    if (!members) return;
    let took = 0;
    const skip = except ? this.io.sockets.adapter.rooms.get(except) : undefined;
    const targets = skip ? [...members].filter((id) => !skip.has(id)) : [...members];
    let at = 0;
    const next = () => {
      // A socket's own id is a room of one: a chunk is a broadcast to those rooms.
      const slice = targets.slice(at, at + this.chunk);
      at += this.chunk;
      const started = this.clock();
      if (slice.length > 0) write(slice);
      took += this.clock() - started;
      if (at < targets.length) setImmediate(next);
      else this.writeMs.set(activityId, took);
    };
    next();
  }

  stop() {
    for (const t of this.pending.values()) clearTimeout(t);
    this.pending.clear();
    this.changedAt.clear();
    this.writeMs.clear();
  }
}
