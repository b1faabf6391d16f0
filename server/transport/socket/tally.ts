import type { VotingService } from '../../features/voting/service.ts';
import type { Logger } from '../../logger.ts';
import type { Claim } from './cluster.ts';
import { rooms, type IoServer } from './types.ts';

/** Takes turns with the other nodes at pushing one vote's tally (the cluster's Redis). */
export type TallySlots = { claim(key: string, ms: number): Promise<Claim> };

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

  constructor(
    private readonly io: IoServer,
    private readonly voting: Pick<VotingService, 'results' | 'tallyAudience'>,
    private readonly log: Logger,
    private readonly intervalMs = 250,
    private readonly slots?: TallySlots,
  ) {}

  schedule(workshopId: string, activityId: string) {
    this.changedAt.set(activityId, Date.now());
    this.later(workshopId, activityId, this.intervalMs);
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
      ? await this.slots.claim(`tally:${activityId}`, this.intervalMs)
      : ({ claimed: true } as const);
    if (slot.claimed) return this.push(workshopId, activityId);
    const heldSince = Date.now() - (this.intervalMs - slot.heldForMs);
    if ((this.changedAt.get(activityId) ?? 0) < heldSince - CLOCK_MARGIN_MS) return;
    this.later(workshopId, activityId, slot.heldForMs + 5);
  }

  private async push(workshopId: string, activityId: string) {
    const [results, audience] = await Promise.all([
      this.voting.results(activityId),
      this.voting.tallyAudience(activityId),
    ]);
    if (audience === 'everyone') {
      this.io.to(rooms.everyone(workshopId)).volatile.emit('vote:tally', results);
      return;
    }
    this.io.to(rooms.facilitators(workshopId)).volatile.emit('vote:tally', results);
    this.io
      .to(rooms.everyone(workshopId))
      .except(rooms.facilitators(workshopId))
      .volatile.emit('vote:progress', {
        activityId,
        voters: results.voters,
        version: results.version,
      });
  }

  stop() {
    for (const t of this.pending.values()) clearTimeout(t);
    this.pending.clear();
    this.changedAt.clear();
  }
}
