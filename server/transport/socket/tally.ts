import type { VotingService } from '../../features/voting/service.ts';
import type { Logger } from '../../logger.ts';
import { rooms, type IoServer } from './types.ts';

/**
 * Pushes vote counts as coalesced snapshots: at most one per interval per vote, never one per
 * ballot, and volatile, so a slow phone skips to the next snapshot instead of queueing them. Until
 * the reveal (unless the vote is live) only facilitators receive them. (VOTE9, VOTE10)
 */
export class TallyBroadcaster {
  private readonly pending = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly io: IoServer,
    private readonly voting: Pick<VotingService, 'results' | 'tallyAudience'>,
    private readonly log: Logger,
    private readonly intervalMs = 250,
  ) {}

  schedule(workshopId: string, activityId: string) {
    if (this.pending.has(activityId)) return;
    this.pending.set(
      activityId,
      setTimeout(() => {
        this.pending.delete(activityId);
        this.push(workshopId, activityId).catch((err: unknown) =>
          this.log.error({ err, activityId }, 'tally push failed'),
        );
      }, this.intervalMs),
    );
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
  }
}
