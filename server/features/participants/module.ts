import type { FeatureModule } from '../../core/module.ts';
import type { Database } from '../../db/database.ts';
import type { FailureLimiter } from '../auth/rateLimits.ts';
import type { WorkshopService } from '../workshops/service.ts';
import { joinInfoForPage, joinRoutes } from './joinRoutes.ts';
import { ParticipantService } from './service.ts';

/** Joining by code, and the participant's device token. */
export function participantsFeature(deps: {
  db: Database;
  workshops: WorkshopService;
  guessLimiter: FailureLimiter;
  secureCookies: boolean;
}) {
  const participants = new ParticipantService(deps.db);
  const module: FeatureModule = {
    name: 'participants',
    routes: joinRoutes({ ...deps, participants }),
  };
  // A join link's page carries the lookup its phone would otherwise ask for (LIGHT8).
  return { participants, joinInfo: joinInfoForPage(deps), module };
}
