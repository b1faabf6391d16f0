import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { AppError, notFound } from '../../errors.ts';
import { facilitatorOf, requireFacilitator } from '../../transport/http/helpers.ts';
import {
  CalendarQuerySchema,
  calendarEvents,
  icsCalendar,
  type CalendarQuery,
} from './calendar.ts';
import {
  exportFileName,
  loadExport,
  openDataZip,
  recordCsv,
  type RecordExport,
} from './exports.ts';
import { openApiDocument } from './openapi.ts';
import type { RecordService } from './service.ts';

const uuid = z.uuid();

/**
 * Exports of a record for facilitators (REC5), the public calendar and its iCalendar feed
 * (REC6), and the OpenAPI document of the records API (REC15).
 */
export function recordExportRoutes(deps: {
  records: RecordService;
  publicUrl: (req: Request) => string;
}): Router {
  const r = Router();
  const { records } = deps;

  /** Loads the export and logs it: exports carry what people said out of the app. */
  async function exported(req: Request, res: Response, format: string): Promise<RecordExport> {
    const id = uuid.safeParse(req.params.id);
    if (!id.success) throw notFound('Record');
    const e = await loadExport(records, id.data);
    await records.audit(id.data, null, facilitatorOf(res).id, 'record exported', { format });
    return e;
  }
  const attachment = (res: Response, title: string, ext: string) =>
    res
      .set('Content-Disposition', `attachment; filename="${exportFileName(title, ext)}"`)
      .set('Cache-Control', 'no-store');

  r.get('/records/:id/export.csv', requireFacilitator, async (req, res) => {
    const e = await exported(req, res, 'csv');
    attachment(res, e.record.title, 'csv').type('text/csv; charset=utf-8').send(recordCsv(e));
  });

  r.get('/records/:id/export.json', requireFacilitator, async (req, res) => {
    const e = await exported(req, res, 'json');
    attachment(res, e.record.title, 'json').json(e);
  });

  r.get('/records/:id/open-data.zip', requireFacilitator, async (req, res) => {
    const e = await exported(req, res, 'open data');
    const zip = openDataZip(e, deps.publicUrl(req));
    attachment(res, e.record.title, 'zip').type('application/zip').send(Buffer.from(zip));
  });

  async function calendar(
    req: Request,
  ): Promise<{ query: CalendarQuery; list: Awaited<ReturnType<RecordService['list']>> }> {
    const query = CalendarQuerySchema.safeParse(req.query);
    if (!query.success) throw new AppError('BAD_REQUEST', 'Unknown or malformed filter');
    // Records the app opened by itself at a close wait for a facilitator's details (REC6).
    return { query: query.data, list: await records.list({ ...query.data, listedOnly: true }) };
  }

  r.get('/calendar', async (req, res) => {
    const { list } = await calendar(req);
    res.set('Cache-Control', 'public, max-age=60').json({ events: calendarEvents(list) });
  });

  r.get('/public/calendar.ics', async (req, res) => {
    const { query, list } = await calendar(req);
    const updated = new Map(list.map((x) => [x.publicId, x.updatedAt]));
    const entries = calendarEvents(list).map((e) => ({
      ...e,
      updatedAt: updated.get(e.publicId)!,
    }));
    const filtered = [query.service, query.area, query.tag].filter(Boolean).join(', ');
    const ics = icsCalendar(entries, {
      baseUrl: deps.publicUrl(req),
      name: `Engagement activities${filtered ? `: ${filtered}` : ''}`,
    });
    res
      .type('text/calendar; charset=utf-8')
      .set('Content-Disposition', 'inline; filename="engagement-calendar.ics"')
      .set('Cache-Control', 'public, max-age=300')
      .send(ics);
  });

  r.get('/openapi.json', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').json(openApiDocument());
  });

  return r;
}
