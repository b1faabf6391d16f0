import type { ParticipantService } from '../../features/participants/service.ts';
import type { WorkshopService } from '../../features/workshops/service.ts';
import type { Logger } from '../../logger.ts';
import { rooms, type IoServer } from './types.ts';

/**
 * Pushes "who is here" to facilitators and projectors. Joins and drops are coalesced per workshop
 * (at most one push per interval): in a join storm of 1,000 phones that is a handful of pushes,
 * not a thousand. Participants do not receive it at all, so it never costs N^2 messages.
 *
 * Who is online is asked of every node (each answers with the participant ids of its own
 * sockets), and counts come from the database: nothing here is the only copy of anything.
 */
export class PresenceBroadcaster {
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly rosterPending = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly io: IoServer,
    private readonly deps: {
      workshops: WorkshopService;
      participants: ParticipantService;
      log: Logger;
    },
    private readonly intervalMs = 250,
    // The roster lists everyone (hundreds of entries in a hall): pushed less often than counts.
    private readonly rosterIntervalMs = 1000,
    /** Whether other nodes share the rooms (an adapter joins them), and so must be asked. */
    private readonly clustered = false,
  ) {
    if (clustered) io.on('presence:online', (workshopId, answer) => answer(this.here(workshopId)));
  }

  schedule(workshopId: string) {
    this.later(this.pending, workshopId, this.intervalMs, () => this.pushPresence(workshopId));
    this.later(this.rosterPending, workshopId, this.rosterIntervalMs, () =>
      this.pushRoster(workshopId),
    );
  }

  private later(
    timers: Map<string, NodeJS.Timeout>,
    workshopId: string,
    ms: number,
    push: () => Promise<void>,
  ) {
    if (timers.has(workshopId)) return;
    timers.set(
      workshopId,
      setTimeout(() => {
        timers.delete(workshopId);
        push().catch((err: unknown) =>
          this.deps.log.error({ err, workshopId }, 'presence push failed'),
        );
      }, ms),
    );
  }

  /** The participants with a socket on this node. */
  private here(workshopId: string): string[] {
    const ids = new Set<string>();
    for (const socketId of this.io.sockets.adapter.rooms.get(rooms.participants(workshopId)) ??
      []) {
      const participantId = this.io.sockets.sockets.get(socketId)?.data.participantId;
      if (participantId) ids.add(participantId);
    }
    return [...ids];
  }

  /**
   * Every node's answer is a list of ids, not its sockets: `fetchSockets()` would carry each
   * socket's handshake (headers and all) through Redis, megabytes for a hall, several times a
   * second while people join. A node that does not answer (it died, the link is down) is left
   * out after the adapter's wait rather than failing the count.
   */
  async onlineParticipantIds(workshopId: string): Promise<Set<string>> {
    const online = new Set(this.here(workshopId));
    if (!this.clustered) return online;
    const answers = await new Promise<unknown[]>((resolve) =>
      this.io.serverSideEmit('presence:online', workshopId, (_err: Error | null, got: unknown[]) =>
        resolve(Array.isArray(got) ? got : []),
      ),
    );
    for (const answer of answers) {
      if (!Array.isArray(answer)) continue;
      for (const id of answer) if (typeof id === 'string') online.add(id);
    }
    return online;
  }

  async presence(workshopId: string) {
    const head = await this.deps.workshops.findHead(workshopId);
    const online = await this.onlineParticipantIds(workshopId);
    return this.deps.participants.presence(workshopId, head?.groups ?? [], online);
  }

  async roster(workshopId: string) {
    return this.deps.participants.roster(workshopId, await this.onlineParticipantIds(workshopId));
  }

  private async pushPresence(workshopId: string) {
    this.io.to(rooms.staff(workshopId)).emit('presence:changed', await this.presence(workshopId));
  }

  private async pushRoster(workshopId: string) {
    const facilitators = await this.io.in(rooms.facilitators(workshopId)).fetchSockets();
    if (facilitators.length === 0) return;
    this.io
      .to(rooms.facilitators(workshopId))
      .emit('roster:changed', await this.roster(workshopId));
  }

  stop() {
    for (const t of [...this.pending.values(), ...this.rosterPending.values()]) clearTimeout(t);
    this.pending.clear();
    this.rosterPending.clear();
  }
}
