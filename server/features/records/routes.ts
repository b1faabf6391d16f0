import { recordApi } from '../../../shared/http/recordRoutes.ts';
import { handle, type RouteBinding } from '../../core/http.ts';
import { notFound } from '../../errors.ts';
import type { RecordService } from './service.ts';

/** The records API for facilitators (REC1..REC4, REC7, REC15). */
export function recordRoutes(records: RecordService): RouteBinding[] {
  /** A workshop's snapshots are reached through its record: another record's id is a 404. */
  async function ofRecord(recordId: string, workshopId: string) {
    if ((await records.recordOfWorkshop(workshopId)) !== recordId) throw notFound('workshop');
    return workshopId;
  }

  return [
    handle(recordApi.list, async (ctx) => ({ records: await records.list(ctx.query) })),

    handle(recordApi.create, (ctx) => {
      const { workshopIds, ...input } = ctx.body;
      return records.create(ctx.facilitator.id, input, workshopIds);
    }),

    handle(recordApi.get, (ctx) => records.get(ctx.params.id)),

    handle(recordApi.update, (ctx) => records.update(ctx.facilitator.id, ctx.params.id, ctx.body)),

    /** `{ "move": true }` moves a workshop from another record; without it that is refused (SEC9). */
    handle(recordApi.link, (ctx) =>
      records.link(
        ctx.facilitator.id,
        ctx.params.id,
        ctx.params.workshopId,
        ctx.body.move ?? false,
      ),
    ),

    handle(recordApi.unlink, (ctx) =>
      records.unlink(ctx.facilitator.id, ctx.params.id, ctx.params.workshopId),
    ),

    handle(recordApi.snapshots, async (ctx) => {
      const workshopId = await ofRecord(ctx.params.id, ctx.params.workshopId);
      return { snapshots: await records.snapshots(workshopId) };
    }),

    /** A facilitator saves the outcome mid-way (REC2). */
    handle(recordApi.saveSnapshot, async (ctx) => {
      const workshopId = await ofRecord(ctx.params.id, ctx.params.workshopId);
      return records.snapshotWorkshop(workshopId, 'manual', ctx.facilitator.id);
    }),

    /** `?view=audit` includes hidden notes and moderation reasons; the default is the public view. */
    handle(recordApi.snapshot, (ctx) =>
      records.snapshot(ctx.params.id, ctx.params.workshopId, ctx.params.version, ctx.query.view),
    ),
  ];
}
