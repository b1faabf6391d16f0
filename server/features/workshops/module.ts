import type { Emitter } from '../../core/events.ts';
import type { FeatureModule } from '../../core/module.ts';
import type { Database } from '../../db/database.ts';
import { workshopRoutes } from './routes.ts';
import { WorkshopService, type WorkshopEvents } from './service.ts';

/** Workshops and their agenda; the room's own commands are the transport's (they need presence). */
export function workshopsFeature(deps: { db: Database; events: Emitter<WorkshopEvents> }) {
  const workshops = new WorkshopService(deps.db, deps.events);
  const module: FeatureModule = { name: 'workshops', routes: workshopRoutes(workshops) };
  return { workshops, module };
}
