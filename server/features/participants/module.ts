import type { FeatureModule } from '../../core/module.ts';
import type { Database } from '../../db/database.ts';
import type { FailureLimiter } from '../auth/rateLimits.ts';
import type { WorkshopService } from '../workshops/service.ts';
import { joinRoutes } from './joinRoutes.ts';
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
  return { participants, module };
}
