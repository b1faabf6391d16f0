import { z } from 'zod';
import {
  EngagementLevelSchema,
  OutcomeSchema,
  RecordStatusSchema,
  SnapshotSummarySchema,
  type EngagementRecord,
  type Outcome,
  type RecordInputSchema,
  type RecordPatchSchema,
  type SnapshotSummary,
  timelineEnglish,
  type TimelineCode,
} from '../../../shared/domain/records.ts';
import { date, isoTimestamp, jsonb } from '../../db/columns.ts';
import { row, rows, type Queryable } from '../../db/database.ts';

/** A row of `engagement_records`; other features pick their columns from this schema. */
export const recordRow = z.object({
  id: z.string(),
  public_id: z.string(),
  title: z.string(),
  service: z.string(),
  tags: z.array(z.string()),
  area: z.string(),
  level: EngagementLevelSchema,
  can_influence: z.string(),
  cannot_influence: z.string(),
  starts_on: date.nullable(),
  ends_on: date.nullable(),
  status: RecordStatusSchema,
  location: z.string(),
  summary: z.string(),
  retention_months: z.number().nullable(),
  feedback_published_at: isoTimestamp.nullable(),
  created_at: isoTimestamp,
  updated_at: isoTimestamp,
});
type RecordRow = z.infer<typeof recordRow>;

const recordWorkshopRow = z.object({
  record_id: z.string(),
  id: z.string(),
  title: z.string(),
  status: z.string(),
  starts_at: z.string().nullable(),
  closed_at: isoTimestamp.nullable(),
  latest: z.number().nullable(),
});

type WorkshopRow = EngagementRecord['workshops'][number] & { record_id: string };

const snapshotSummaryRow = z.object({
  version: z.number(),
  reason: SnapshotSummarySchema.shape.reason,
  taken_at: isoTimestamp,
});

function toRecord(r: RecordRow, workshops: WorkshopRow[]): EngagementRecord {
  return {
    id: r.id,
    publicId: r.public_id,
    title: r.title,
    service: r.service,
    tags: r.tags,
    area: r.area,
    level: r.level,
    canInfluence: r.can_influence,
    cannotInfluence: r.cannot_influence,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    status: r.status,
    location: r.location,
    summary: r.summary,
    retentionMonths: r.retention_months,
    workshops: workshops.filter((w) => w.record_id === r.id).map(({ record_id: _r, ...w }) => w),
    feedbackPublishedAt: r.feedback_published_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

async function workshopsOf(db: Queryable, recordIds: string[]): Promise<WorkshopRow[]> {
  if (recordIds.length === 0) return [];
  const found = await rows(
    db,
    recordWorkshopRow,
    `SELECT rw.record_id, w.id, w.title, w.status, w.starts_at, w.closed_at,
            (SELECT max(version) FROM record_snapshots s WHERE s.workshop_id = w.id) AS latest
       FROM record_workshops rw JOIN workshops w ON w.id = rw.workshop_id
      WHERE rw.record_id = ANY($1::uuid[])
      ORDER BY w.starts_at NULLS LAST, w.created_at`,
    [recordIds],
  );
  return found.map((r) => ({
    record_id: r.record_id,
    id: r.id,
    title: r.title,
    status: r.status,
    startsAt: r.starts_at,
    closedAt: r.closed_at,
    latestVersion: r.latest,
  }));
}

export async function findRecord(db: Queryable, id: string): Promise<EngagementRecord | undefined> {
  const found = await row(db, recordRow, 'SELECT * FROM engagement_records WHERE id = $1', [id]);
  return found ? toRecord(found, await workshopsOf(db, [found.id])) : undefined;
}

export async function findByPublicId(db: Queryable, publicId: string) {
  const found = await row(db, recordRow, 'SELECT * FROM engagement_records WHERE public_id = $1', [
    publicId,
  ]);
  return found ? toRecord(found, await workshopsOf(db, [found.id])) : undefined;
}

export type RecordFilter = {
  q?: string | undefined;
  service?: string | undefined;
  area?: string | undefined;
  tag?: string | undefined;
  level?: string | undefined;
  status?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** Leave out records still waiting for a facilitator's details (the public calendar). */
  listedOnly?: boolean | undefined;
};

/**
 * Records matching the filter; with `q`, ranked by full-text match on the record and on every
 * outcome snapshot of its workshops (REC7), each with a highlighted excerpt of where it matched.
 */
export async function listRecords(
  db: Queryable,
  f: RecordFilter,
): Promise<(EngagementRecord & { match: string | null })[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replaceAll('$?', `$${params.length}`));
  };
  let rank = 'NULL::real';
  let match = 'NULL::text';
  if (f.q) {
    params.push(f.q);
    const q = `websearch_to_tsquery('english', $${params.length})`;
    where.push(
      `(r.search @@ ${q} OR EXISTS (SELECT 1 FROM record_workshops rw JOIN record_snapshots s ON s.workshop_id = rw.workshop_id WHERE rw.record_id = r.id AND s.search @@ ${q}))`,
    );
    rank = `ts_rank(r.search, ${q}) + COALESCE((SELECT max(ts_rank(s.search, ${q})) FROM record_workshops rw JOIN record_snapshots s ON s.workshop_id = rw.workshop_id WHERE rw.record_id = r.id), 0)`;
    match = `(SELECT ts_headline('english', s.search_text, ${q}, 'MaxFragments=2, MaxWords=18, MinWords=6, StartSel=«, StopSel=», FragmentDelimiter=" … "')
               FROM record_workshops rw JOIN record_snapshots s ON s.workshop_id = rw.workshop_id
              WHERE rw.record_id = r.id AND s.search @@ ${q}
              ORDER BY s.taken_at DESC LIMIT 1)`;
  }
  // Equal ignoring case: ILIKE would make % and _ in a filter wildcards.
  if (f.service) add('lower(r.service) = lower($?)', f.service);
  if (f.area) add('lower(r.area) = lower($?)', f.area);
  if (f.listedOnly) where.push('NOT r.needs_details');
  if (f.tag) add('$? = ANY(r.tags)', f.tag);
  if (f.level) add('r.level = $?', f.level);
  if (f.status) add('r.status = $?', f.status);
  if (f.from) add('COALESCE(r.ends_on, r.starts_on) >= $?::date', f.from);
  if (f.to) add('r.starts_on <= $?::date', f.to);
  const found = await rows(
    db,
    recordRow.extend({ match: z.string().nullable() }),
    `SELECT r.*, ${rank} AS rank, ${match} AS match FROM engagement_records r
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY ${f.q ? 'rank DESC,' : ''} r.starts_on DESC NULLS LAST, r.created_at DESC
      LIMIT 500`,
    params,
  );
  const workshops = await workshopsOf(
    db,
    found.map((r) => r.id),
  );
  return found.map((r) => ({ ...toRecord(r, workshops), match: r.match }));
}

export async function insertRecord(
  db: Queryable,
  id: string,
  publicId: string,
  input: z.output<typeof RecordInputSchema>,
  createdBy: string | null,
  needsDetails = false,
) {
  await db.query(
    `INSERT INTO engagement_records (id, public_id, title, service, tags, area, level,
       can_influence, cannot_influence, starts_on, ends_on, status, location, summary,
       retention_months, created_by, needs_details)
     VALUES ($1, $2, $3, $4, $5::text[], $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
    [
      id,
      publicId,
      input.title,
      input.service,
      input.tags,
      input.area,
      input.level,
      input.canInfluence,
      input.cannotInfluence,
      input.startsOn,
      input.endsOn,
      input.status,
      input.location,
      input.summary,
      input.retentionMonths,
      createdBy,
      needsDetails,
    ],
  );
}

const patchColumns: Record<keyof z.output<typeof RecordPatchSchema>, string> = {
  title: 'title',
  service: 'service',
  tags: 'tags',
  area: 'area',
  level: 'level',
  canInfluence: 'can_influence',
  cannotInfluence: 'cannot_influence',
  startsOn: 'starts_on',
  endsOn: 'ends_on',
  status: 'status',
  location: 'location',
  summary: 'summary',
  retentionMonths: 'retention_months',
};

export async function updateRecord(
  db: Queryable,
  id: string,
  patch: z.output<typeof RecordPatchSchema>,
) {
  // A facilitator has looked at it: it may appear on the public calendar now.
  const sets = ['updated_at = now()', 'needs_details = false'];
  const params: unknown[] = [id];
  for (const [key, value] of Object.entries(patch) as [keyof typeof patchColumns, unknown][]) {
    if (value === undefined) continue;
    params.push(value);
    sets.push(`${patchColumns[key]} = $${params.length}${key === 'tags' ? '::text[]' : ''}`);
  }
  await db.query(`UPDATE engagement_records SET ${sets.join(', ')} WHERE id = $1`, params);
}

export async function linkWorkshop(db: Queryable, recordId: string, workshopId: string) {
  await db.query(
    `INSERT INTO record_workshops (record_id, workshop_id) VALUES ($1, $2)
     ON CONFLICT (workshop_id) DO UPDATE SET record_id = EXCLUDED.record_id`,
    [recordId, workshopId],
  );
}

/** Whether the workshop was in the record (and is no longer). */
export async function unlinkWorkshop(db: Queryable, recordId: string, workshopId: string) {
  const removed = await db.query(
    'DELETE FROM record_workshops WHERE record_id = $1 AND workshop_id = $2 RETURNING record_id',
    [recordId, workshopId],
  );
  return removed.length > 0;
}

export async function recordOfWorkshop(db: Queryable, workshopId: string, lock = false) {
  const found = await row(
    db,
    z.object({ record_id: z.string() }),
    `SELECT record_id FROM record_workshops WHERE workshop_id = $1${lock ? ' FOR UPDATE' : ''}`,
    [workshopId],
  );
  return found?.record_id;
}

/** The next version number is taken under a lock on the workshop row, so two saves never clash. */
export async function insertSnapshot(
  db: Queryable,
  s: {
    workshopId: string;
    reason: 'closed' | 'manual';
    takenBy: string | null;
    outcome: Outcome;
    searchText: string;
  },
): Promise<SnapshotSummary> {
  await db.query('SELECT id FROM workshops WHERE id = $1 FOR UPDATE', [s.workshopId]);
  const inserted = await row(
    db,
    snapshotSummaryRow.omit({ reason: true }),
    `INSERT INTO record_snapshots (workshop_id, version, reason, taken_by, content, search_text, search)
     VALUES ($1,
       (SELECT COALESCE(max(version), 0) + 1 FROM record_snapshots WHERE workshop_id = $1),
       $2, $3, $4::jsonb, $5, to_tsvector('english', $5))
     RETURNING version, taken_at`,
    [s.workshopId, s.reason, s.takenBy, JSON.stringify(s.outcome), s.searchText],
  );
  return {
    workshopId: s.workshopId,
    version: inserted!.version,
    reason: s.reason,
    takenAt: inserted!.taken_at,
  };
}

export async function listSnapshots(db: Queryable, workshopId: string): Promise<SnapshotSummary[]> {
  const found = await rows(
    db,
    snapshotSummaryRow,
    'SELECT version, reason, taken_at FROM record_snapshots WHERE workshop_id = $1 ORDER BY version',
    [workshopId],
  );
  return found.map((r) => ({
    workshopId,
    version: r.version,
    reason: r.reason,
    takenAt: r.taken_at,
  }));
}

export async function findSnapshot(
  db: Queryable,
  workshopId: string,
  version: number | 'latest',
): Promise<(SnapshotSummary & { outcome: Outcome }) | undefined> {
  const found = await row(
    db,
    snapshotSummaryRow.extend({ content: jsonb(OutcomeSchema) }),
    version === 'latest'
      ? 'SELECT version, reason, taken_at, content FROM record_snapshots WHERE workshop_id = $1 ORDER BY version DESC LIMIT 1'
      : 'SELECT version, reason, taken_at, content FROM record_snapshots WHERE workshop_id = $1 AND version = $2',
    version === 'latest' ? [workshopId] : [workshopId, version],
  );
  if (!found) return undefined;
  return {
    workshopId,
    version: found.version,
    reason: found.reason,
    takenAt: found.taken_at,
    outcome: found.content,
  };
}

/** An event on the workshop's timeline: its code and title (LANG4), and its English beside them. */
export async function insertEvent(
  db: Queryable,
  workshopId: string,
  code: TimelineCode,
  title: string | null = null,
) {
  await db.query(
    'INSERT INTO workshop_events (workshop_id, event, code, title) VALUES ($1, $2, $3, $4)',
    [workshopId, timelineEnglish(code, title ?? ''), code, title],
  );
}
