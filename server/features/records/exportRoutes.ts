import { recordApi } from '../../../shared/http/recordRoutes.ts';
import type { RouteDef } from '../../../shared/http/route.ts';
import type { CalendarQuery } from '../../../shared/protocol/records.ts';
import { handle, type RouteBinding, type RouteContext } from '../../core/http.ts';
import { calendarEvents, icsCalendar } from './calendar.ts';
import {
  exportFileName,
  loadExport,
  openDataZip,
  recordCsv,
  type RecordExport,
} from './exports.ts';
import type { RecordService } from './service.ts';

/** Exports of a record for facilitators (REC5), the public calendar and its feed (REC6). */
export function recordExportRoutes(records: RecordService): RouteBinding[] {
  /** Loads the export and logs it: exports carry what people said out of the app. */
  async function exported(
    recordId: string,
    facilitatorId: string,
    format: string,
  ): Promise<RecordExport> {
    const e = await loadExport(records, recordId);
    await records.audit(recordId, null, facilitatorId, 'record exported', { format });
    return e;
  }
  const attachment = <D extends RouteDef>(ctx: RouteContext<D>, title: string, ext: string) => {
    ctx.header('Content-Disposition', `attachment; filename="${exportFileName(title, ext)}"`);
    ctx.header('Cache-Control', 'no-store');
  };
  // Records the app opened by itself at a close wait for a facilitator's details (REC6).
  const listed = (query: CalendarQuery) => records.list({ ...query, listedOnly: true });

  return [
    handle(recordApi.exportCsv, async (ctx) => {
      const e = await exported(ctx.params.id, ctx.facilitator.id, 'csv');
      attachment(ctx, e.record.title, 'csv');
      ctx.header('Content-Type', 'text/csv; charset=utf-8');
      return recordCsv(e);
    }),

    handle(recordApi.exportJson, async (ctx) => {
      const e = await exported(ctx.params.id, ctx.facilitator.id, 'json');
      attachment(ctx, e.record.title, 'json');
      return e;
    }),

    handle(recordApi.openData, async (ctx) => {
      const e = await exported(ctx.params.id, ctx.facilitator.id, 'open data');
      attachment(ctx, e.record.title, 'zip');
      return openDataZip(e, ctx.publicUrl);
    }),

    handle(recordApi.calendar, async (ctx) => {
      ctx.header('Cache-Control', 'public, max-age=60');
      return { events: calendarEvents(await listed(ctx.query)) };
    }),

    handle(recordApi.calendarFeed, async (ctx) => {
      const query = ctx.query;
      const list = await listed(query);
      const updated = new Map(list.map((x) => [x.publicId, x.updatedAt]));
      const entries = calendarEvents(list).map((e) => ({
        ...e,
        updatedAt: updated.get(e.publicId)!,
      }));
      const filtered = [query.service, query.area, query.tag].filter(Boolean).join(', ');
      ctx.header('Content-Type', 'text/calendar; charset=utf-8');
      ctx.header('Content-Disposition', 'inline; filename="engagement-calendar.ics"');
      ctx.header('Cache-Control', 'public, max-age=300');
      return icsCalendar(entries, {
        baseUrl: ctx.publicUrl,
        name: `Engagement activities${filtered ? `: ${filtered}` : ''}`,
      });
    }),
  ];
}
