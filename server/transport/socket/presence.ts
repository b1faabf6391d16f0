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

  constructor(
    private readonly io: IoServer,
    private readonly deps: {
      workshops: WorkshopService;
      participants: ParticipantService;
      log: Logger;
    },
    private readonly intervalMs = 250,
  ) {}

  schedule(workshopId: string) {
    if (this.pending.has(workshopId)) return;
    this.pending.set(
      workshopId,
      setTimeout(() => {
        this.pending.delete(workshopId);
        this.push(workshopId).catch((err: unknown) =>
          this.deps.log.error({ err, workshopId }, 'presence push failed'),
        );
      }, this.intervalMs),
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

  private async push(workshopId: string) {
    const online = await this.onlineParticipantIds(workshopId);
    const head = await this.deps.workshops.findHead(workshopId);
    const presence = await this.deps.participants.presence(workshopId, head?.groups ?? [], online);
    this.io.to(rooms.staff(workshopId)).emit('presence:changed', presence);
    const facilitators = await this.io.in(rooms.facilitators(workshopId)).fetchSockets();
    if (facilitators.length > 0) {
      this.io
        .to(rooms.facilitators(workshopId))
        .emit('roster:changed', await this.deps.participants.roster(workshopId, online));
    }
  }

  stop() {
    for (const t of this.pending.values()) clearTimeout(t);
    this.pending.clear();
  }
}
