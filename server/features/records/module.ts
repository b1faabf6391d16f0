import type { Emitter, Subscriber } from '../../core/events.ts';
import type { FeatureModule } from '../../core/module.ts';
import type { PersonalDataPart } from '../../core/personalData.ts';
import type { Database } from '../../db/database.ts';
import type { Logger } from '../../logger.ts';
import type { WorkshopEvents } from '../workshops/service.ts';
import { Erasure, type ErasureEvents } from './erasure.ts';
import { recordExportRoutes } from './exportRoutes.ts';
import type { OutcomeSources } from './outcome.ts';
import { startRetention } from './retention.ts';
import { recordRoutes } from './routes.ts';
import { RecordService } from './service.ts';

/**
 * Engagement records: every workshop's outcome is saved when it closes, and its life is noted as
 * it goes (REC1); erasure on request (REC14) and retention (REC13) run here too.
 */
export function recordsFeature(deps: {
  db: Database;
  log: Logger;
  gate: { info(fields: object, msg: string): void };
  events: Subscriber<WorkshopEvents> & Emitter<ErasureEvents>;
  sources: OutcomeSources;
  /** Every feature's part in erasure and retention, in the order they must run. */
  personalData: readonly PersonalDataPart[];
}) {
  const { db, log, events } = deps;
  const records = new RecordService(db, deps.sources, log, deps.gate);
  events.on('workshop.opened', ({ workshop }) => records.event(workshop.id, 'opened'));
  // Awaited by the close, whose answer a failure becomes (SEC12).
  events.on('workshop.closed', ({ workshop }) => records.onWorkshopClosed(workshop.id));
  events.on('workshop.activityStarted', ({ workshop, activityId }) => {
    const activity = workshop.agenda.find((a) => a.id === activityId);
    return activity
      ? records.event(workshop.id, 'started', activity.title)
      : records.event(workshop.id, 'welcome');
  });
  const erasure = new Erasure({ db, parts: deps.personalData, log, events });
  let retention: ReturnType<typeof startRetention> | undefined;
  const module: FeatureModule = {
    name: 'records',
    routes: [...recordRoutes(records), ...recordExportRoutes(records)],
    start: () => {
      retention = startRetention(db, deps.personalData, log);
    },
    stop: async () => {
      retention?.stop();
      await records.drain();
    },
  };
  return { records, erasure, module };
}
