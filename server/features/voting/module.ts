import type { Emitter } from '../../core/events.ts';
import type { FeatureModule } from '../../core/module.ts';
import type { Database } from '../../db/database.ts';
import { votingHandlers, votingRoles } from './handlers.ts';
import { VotingService, type BoardContents, type VotingEvents } from './service.ts';

/** Dot votes and congress votes; options can be made from a board's notes. */
export function votingFeature(deps: {
  db: Database;
  events: Emitter<VotingEvents>;
  board: BoardContents;
}) {
  const voting = new VotingService(deps.db, deps.events, deps.board);
  const module: FeatureModule = {
    name: 'voting',
    commands: { handlers: votingHandlers(voting), roles: votingRoles },
  };
  return { voting, module };
}
