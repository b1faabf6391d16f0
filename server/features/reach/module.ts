import type { FeatureModule } from '../../core/module.ts';
import type { Database } from '../../db/database.ts';
import type { Erasure } from '../records/erasure.ts';
import { reachRoutes } from './routes.ts';
import { ReachService } from './service.ts';

/** Who was reached across workshops, and the facilitator's erasure screen. */
export function reachFeature(deps: { db: Database; erasure: Erasure }) {
  const reach = new ReachService(deps.db);
  const module: FeatureModule = {
    name: 'reach',
    routes: reachRoutes({ reach, erasure: deps.erasure }),
  };
  return { reach, module };
}
