import type { ParticipantService } from '../../features/participants/service.ts';
import type { WorkshopService } from '../../features/workshops/service.ts';
import type { Logger } from '../../logger.ts';
import { rooms, type IoServer } from './types.ts';

/**
 * Pushes "who is here" to facilitators and projectors. Joins and drops are coalesced per workshop
 * (at most one push per interval): in a join storm of 1,000 phones that is a handful of pushes,
 * not a thousand. Participants do not receive it at all, so it never costs N^2 messages.
 *
 * Who is online comes from `fetchSockets()`, which asks every node once an adapter joins them,
 * and counts come from the database: nothing here is the only copy of anything.
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
  ) {}

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

  async onlineParticipantIds(workshopId: string): Promise<Set<string>> {
    const sockets = await this.io.in(rooms.participants(workshopId)).fetchSockets();
    return new Set(sockets.flatMap((s) => (s.data.participantId ? [s.data.participantId] : [])));
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
