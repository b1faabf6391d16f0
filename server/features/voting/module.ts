import type { Emitter } from '../../core/events.ts';
import type { FeatureModule } from '../../core/module.ts';
import type { Database } from '../../db/database.ts';
import type { Logger } from '../../logger.ts';
import { voteClock } from './clock.ts';
import { votingHandlers, votingRoles } from './handlers.ts';
import { VotingService, type BoardContents, type VotingEvents } from './service.ts';

/** Dot votes and congress votes; options can be made from a board's notes. */
export function votingFeature(deps: {
  db: Database;
  events: Emitter<VotingEvents>;
  board: BoardContents;
  log: Logger;
  /** How often this node sweeps for timed votes to close (tests shorten it). */
  sweepMs?: number;
}) {
  const voting = new VotingService(deps.db, deps.events, deps.board);
  const clock = voteClock(voting, deps.log, deps.sweepMs);
  const module: FeatureModule = {
    name: 'voting',
    commands: { handlers: votingHandlers(voting), roles: votingRoles },
    start: () => clock.start(),
    stop: () => clock.stop(),
  };
  return { voting, module };
}
