import { Router } from 'express';
import { z } from 'zod';
import {
  EngagementLevelSchema,
  CreateRecordSchema,
  LinkWorkshopSchema,
  RecordPatchSchema,
  RecordStatusSchema,
} from '../../../shared/domain/records.ts';
import { AppError, notFound } from '../../errors.ts';
import { facilitatorOf, parseBody, requireFacilitator } from '../../transport/http/helpers.ts';
import type { RecordService } from './service.ts';

const uuid = z.uuid();
const idOf = (raw: unknown, what: string) => {
  const id = uuid.safeParse(raw);
  if (!id.success) throw notFound(what);
  return id.data;
};

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/** Query strings of the records list; every filter optional, bounded. */
export const RecordQuerySchema = z.object({
  q: z.string().trim().max(200).optional(),
  service: z.string().trim().max(120).optional(),
  area: z.string().trim().max(80).optional(),
  tag: z.string().trim().max(40).optional(),
  level: EngagementLevelSchema.optional(),
  status: RecordStatusSchema.optional(),
  from: date.optional(),
  to: date.optional(),
});

/** The records API for facilitators (REC1..REC4, REC7, REC15). */
export function recordRoutes(records: RecordService): Router {
  const r = Router();
  r.use('/records', requireFacilitator);

  r.get('/records', async (req, res) => {
    const query = RecordQuerySchema.safeParse(req.query);
    if (!query.success) throw new AppError('BAD_REQUEST', 'Unknown or malformed filter');
    res.json({ records: await records.list(query.data) });
  });

  r.post('/records', async (req, res) => {
    const body = req.body as Record<string, unknown> | undefined;
    const { workshopIds, ...input } = parseBody(CreateRecordSchema, body);
    res.status(201).json(await records.create(facilitatorOf(res).id, input, workshopIds));
  });

  r.get('/records/:id', async (req, res) => {
    res.json(await records.get(idOf(req.params.id, 'Record')));
  });

  r.patch('/records/:id', async (req, res) => {
    const patch = parseBody(RecordPatchSchema, req.body);
    res.json(await records.update(facilitatorOf(res).id, idOf(req.params.id, 'Record'), patch));
  });

  /** `{ "move": true }` moves a workshop from another record; without it that is refused (SEC9). */
  r.put('/records/:id/workshops/:workshopId', async (req, res) => {
    const body = req.body === undefined ? {} : parseBody(LinkWorkshopSchema, req.body);
    res.json(
      await records.link(
        facilitatorOf(res).id,
        idOf(req.params.id, 'Record'),
        idOf(req.params.workshopId, 'Workshop'),
        body.move ?? false,
      ),
    );
  });

  r.delete('/records/:id/workshops/:workshopId', async (req, res) => {
    res.json(
      await records.unlink(
        facilitatorOf(res).id,
        idOf(req.params.id, 'Record'),
        idOf(req.params.workshopId, 'Workshop'),
      ),
    );
  });

  r.get('/records/:id/workshops/:workshopId/snapshots', async (req, res) => {
    const recordId = idOf(req.params.id, 'Record');
    const workshopId = idOf(req.params.workshopId, 'Workshop');
    if ((await records.recordOfWorkshop(workshopId)) !== recordId) throw notFound('Workshop');
    res.json({ snapshots: await records.snapshots(workshopId) });
  });

  /** A facilitator saves the outcome mid-way (REC2). */
  r.post('/records/:id/workshops/:workshopId/snapshots', async (req, res) => {
    const recordId = idOf(req.params.id, 'Record');
    const workshopId = idOf(req.params.workshopId, 'Workshop');
    if ((await records.recordOfWorkshop(workshopId)) !== recordId) throw notFound('Workshop');
    const saved = await records.snapshotWorkshop(workshopId, 'manual', facilitatorOf(res).id);
    res.status(201).json(saved);
  });

  /** `?view=audit` includes hidden notes and moderation reasons; the default is the public view. */
  r.get('/records/:id/workshops/:workshopId/snapshots/:version', async (req, res) => {
    const raw = req.params.version;
    const version = raw === 'latest' ? 'latest' : z.coerce.number().int().min(1).safeParse(raw);
    if (version !== 'latest' && !version.success) throw notFound('Snapshot');
    const view = req.query.view === 'audit' ? 'audit' : 'public';
    res.json(
      await records.snapshot(
        idOf(req.params.id, 'Record'),
        idOf(req.params.workshopId, 'Workshop'),
        version === 'latest' ? 'latest' : version.data,
        view,
      ),
    );
  });

  return r;
}
