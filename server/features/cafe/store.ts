import { z } from 'zod';
import {
  CafePhaseSchema,
  CafeSeatRowSchema,
  TableColourSchema,
  type CafeInsight,
  type CafePhase,
  type CafeSeatRow,
  type CafeTable,
  type CafeTableInput,
} from '../../../shared/domain/cafe.ts';
import { CafeSnapshotSchema, type CafeSnapshot } from '../../../shared/protocol/cafe.ts';
import { toStorable } from '../../../shared/domain/text.ts';
import { isoTimestamp, timestamp } from '../../db/columns.ts';
import { row, rows, type Queryable } from '../../db/database.ts';

export type CafeRow = {
  activityId: string;
  workshopId: string;
  phase: CafePhase;
  round: number;
  endsAt: Date | null;
  pausedPhase: 'moving' | 'talking' | null;
  pausedRemainingMs: number | null;
  seed: string;
  notesShared: boolean;
  version: number;
};

const cafeRow = z.object({
  activity_id: z.string(),
  workshop_id: z.string(),
  phase: CafePhaseSchema,
  round: z.number(),
  ends_at: timestamp.nullable(),
  paused_phase: z.enum(['moving', 'talking']).nullable(),
  paused_remaining_ms: z.number().nullable(),
  seed: z.string(),
  notes_shared: z.boolean(),
  version: z.number(),
});
type RawCafe = z.infer<typeof cafeRow>;

const toCafe = (r: RawCafe): CafeRow => ({
  activityId: r.activity_id,
  workshopId: r.workshop_id,
  phase: r.phase,
  round: r.round,
  endsAt: r.ends_at,
  pausedPhase: r.paused_phase,
  pausedRemainingMs: r.paused_remaining_ms,
  seed: r.seed,
  notesShared: r.notes_shared,
  version: r.version,
});

export async function insertCafe(
  db: Queryable,
  c: { activityId: string; workshopId: string; seed: string },
): Promise<boolean> {
  const written = await db.query(
    `INSERT INTO cafes (activity_id, workshop_id, seed) VALUES ($1, $2, $3)
     ON CONFLICT (activity_id) DO NOTHING RETURNING activity_id`,
    [c.activityId, c.workshopId, c.seed],
  );
  return written.length > 0;
}

export async function findCafe(
  db: Queryable,
  activityId: string,
  opts: { lock?: boolean } = {},
): Promise<CafeRow | undefined> {
  const found = await row(
    db,
    cafeRow,
    `SELECT * FROM cafes WHERE activity_id = $1${opts.lock ? ' FOR UPDATE' : ''}`,
    [activityId],
  );
  return found ? toCafe(found) : undefined;
}

export type CafePatch = Partial<
  Pick<CafeRow, 'phase' | 'round' | 'endsAt' | 'pausedPhase' | 'pausedRemainingMs' | 'notesShared'>
>;

const columns: Record<keyof CafePatch, string> = {
  phase: 'phase',
  round: 'round',
  endsAt: 'ends_at',
  pausedPhase: 'paused_phase',
  pausedRemainingMs: 'paused_remaining_ms',
  notesShared: 'notes_shared',
};

/** Applies a patch and bumps the version, so clients can tell newer state from older. */
export async function updateCafe(
  db: Queryable,
  activityId: string,
  patch: CafePatch,
): Promise<CafeRow> {
  const sets: string[] = ['version = version + 1'];
  const params: unknown[] = [activityId];
  for (const [key, value] of Object.entries(patch) as [keyof CafePatch, unknown][]) {
    if (value === undefined) continue;
    params.push(value);
    sets.push(`${columns[key]} = $${params.length}`);
  }
  const updated = await row(
    db,
    cafeRow,
    `UPDATE cafes SET ${sets.join(', ')} WHERE activity_id = $1 RETURNING *`,
    params,
  );
  return toCafe(updated!);
}

/** Cafés whose clock is running, for timers after a restart and for the snapshot ticker. */
export async function runningCafes(db: Queryable): Promise<CafeRow[]> {
  const found = await rows(
    db,
    cafeRow,
    `SELECT * FROM cafes WHERE phase IN ('moving', 'talking', 'paused')`,
  );
  return found.map(toCafe);
}

const tableRow = z.object({
  id: z.string(),
  number: z.number(),
  name: z.string(),
  colour: TableColourSchema,
  place: z.string(),
  question: z.string(),
  online: z.boolean(),
  host_id: z.string().nullable(),
  host_name: z.string().nullable(),
});

export async function listTables(db: Queryable, activityId: string): Promise<CafeTable[]> {
  const found = await rows(
    db,
    tableRow,
    `SELECT t.*, p.display_name AS host_name FROM cafe_tables t
       LEFT JOIN participants p ON p.id = t.host_id
      WHERE t.activity_id = $1 ORDER BY t.position, t.number`,
    [activityId],
  );
  return found.map((r) => ({
    id: r.id,
    number: r.number,
    name: r.name,
    colour: r.colour,
    place: r.place,
    question: r.question,
    online: r.online,
    hostId: r.host_id,
    hostName: r.host_name ?? '',
  }));
}

/** The café a table belongs to, and its workshop. */
export async function tableCafe(db: Queryable, tableId: string) {
  return row(
    db,
    z.object({ activity_id: z.string(), workshop_id: z.string() }),
    `SELECT t.activity_id, c.workshop_id FROM cafe_tables t JOIN cafes c ON c.activity_id = t.activity_id
      WHERE t.id = $1`,
    [tableId],
  );
}

export async function upsertTable(
  db: Queryable,
  activityId: string,
  id: string,
  t: Required<Omit<CafeTableInput, 'id'>>,
  position: number,
) {
  await db.query(
    `INSERT INTO cafe_tables (id, activity_id, number, name, colour, place, question, online, position)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (id) DO UPDATE SET number = EXCLUDED.number, name = EXCLUDED.name,
       colour = EXCLUDED.colour, place = EXCLUDED.place, question = EXCLUDED.question,
       online = EXCLUDED.online, position = EXCLUDED.position
     WHERE cafe_tables.activity_id = EXCLUDED.activity_id`,
    [id, activityId, t.number, t.name, t.colour, t.place, t.question, t.online, position],
  );
}

export async function deleteTablesExcept(db: Queryable, activityId: string, keep: string[]) {
  await db.query(`DELETE FROM cafe_tables WHERE activity_id = $1 AND NOT (id = ANY($2::uuid[]))`, [
    activityId,
    keep,
  ]);
}

export async function setHost(db: Queryable, tableId: string, participantId: string | null) {
  await db.query('UPDATE cafe_tables SET host_id = $2 WHERE id = $1', [tableId, participantId]);
}

/** A person hosts at most one table: hosting a new one frees the old. */
export async function clearHostElsewhere(
  db: Queryable,
  activityId: string,
  participantId: string,
  tableId: string,
) {
  await db.query(
    'UPDATE cafe_tables SET host_id = NULL WHERE activity_id = $1 AND host_id = $2 AND id <> $3',
    [activityId, participantId, tableId],
  );
}

export type SeatRow = {
  round: number;
  participantId: string;
  tableId: string;
  isHost: boolean;
  source: 'auto' | 'manual' | 'late';
};

const seatRow = z.object({
  round: z.number(),
  participant_id: z.string(),
  table_id: z.string(),
  is_host: z.boolean(),
  source: CafeSeatRowSchema.shape.source,
});
type RawSeat = z.infer<typeof seatRow>;

const toSeat = (r: RawSeat): SeatRow => ({
  round: r.round,
  participantId: r.participant_id,
  tableId: r.table_id,
  isHost: r.is_host,
  source: r.source,
});

export async function allSeats(db: Queryable, activityId: string): Promise<SeatRow[]> {
  const found = await rows(
    db,
    seatRow,
    'SELECT round, participant_id, table_id, is_host, source FROM cafe_seats WHERE activity_id = $1 ORDER BY round',
    [activityId],
  );
  return found.map(toSeat);
}

export async function seatsOf(
  db: Queryable,
  activityId: string,
  participantId: string,
): Promise<SeatRow[]> {
  const found = await rows(
    db,
    seatRow,
    `SELECT round, participant_id, table_id, is_host, source FROM cafe_seats
      WHERE activity_id = $1 AND participant_id = $2 ORDER BY round`,
    [activityId, participantId],
  );
  return found.map(toSeat);
}

export async function seatRows(
  db: Queryable,
  activityId: string,
  round: number,
): Promise<CafeSeatRow[]> {
  const found = await rows(
    db,
    seatRow.extend({ display_name: z.string(), group_key: z.string() }),
    `SELECT s.round, s.participant_id, s.table_id, s.is_host, s.source, p.display_name, p.group_key
       FROM cafe_seats s JOIN participants p ON p.id = s.participant_id
      WHERE s.activity_id = $1 AND s.round = $2 ORDER BY p.joined_at`,
    [activityId, round],
  );
  return found.map((r) => ({
    participantId: r.participant_id,
    displayName: r.display_name,
    groupKey: r.group_key,
    tableId: r.table_id,
    isHost: r.is_host,
    source: r.source,
  }));
}

export async function putSeats(db: Queryable, activityId: string, seats: readonly SeatRow[]) {
  // One statement per 500 seats keeps well under PostgreSQL's parameter limit.
  for (let i = 0; i < seats.length; i += 500) {
    const chunk = seats.slice(i, i + 500);
    const params: unknown[] = [activityId];
    const values = chunk.map((s) => {
      params.push(s.round, s.participantId, s.tableId, s.isHost, s.source);
      const n = params.length;
      return `($1, $${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}, $${n})`;
    });
    await db.query(
      `INSERT INTO cafe_seats (activity_id, round, participant_id, table_id, is_host, source)
       VALUES ${values.join(', ')}
       ON CONFLICT (activity_id, round, participant_id) DO UPDATE
         SET table_id = EXCLUDED.table_id, is_host = EXCLUDED.is_host, source = EXCLUDED.source`,
      params,
    );
  }
}

export type CafePerson = { participantId: string; volunteer: boolean; remote: boolean };

const personRow = z.object({
  participant_id: z.string(),
  volunteer: z.boolean(),
  remote: z.boolean(),
});

export async function people(db: Queryable, activityId: string): Promise<CafePerson[]> {
  const found = await rows(
    db,
    personRow,
    'SELECT participant_id, volunteer, remote FROM cafe_people WHERE activity_id = $1',
    [activityId],
  );
  return found.map((r) => ({
    participantId: r.participant_id,
    volunteer: r.volunteer,
    remote: r.remote,
  }));
}

export async function setPerson(
  db: Queryable,
  activityId: string,
  participantId: string,
  patch: { volunteer?: boolean; remote?: boolean },
): Promise<CafePerson> {
  const person = await row(
    db,
    personRow,
    `INSERT INTO cafe_people (activity_id, participant_id, volunteer, remote)
     VALUES ($1, $2, COALESCE($3, false), COALESCE($4, false))
     ON CONFLICT (activity_id, participant_id) DO UPDATE
       SET volunteer = COALESCE($3, cafe_people.volunteer), remote = COALESCE($4, cafe_people.remote)
     RETURNING participant_id, volunteer, remote`,
    [activityId, participantId, patch.volunteer ?? null, patch.remote ?? null],
  );
  return {
    participantId: person!.participant_id,
    volunteer: person!.volunteer,
    remote: person!.remote,
  };
}

const snapshotRow = z.object({
  id: z.number(),
  activity_id: z.string(),
  table_id: z.string(),
  round: z.number(),
  reason: CafeSnapshotSchema.shape.reason,
  text: z.string(),
  taken_at: isoTimestamp,
});
type RawSnapshot = z.infer<typeof snapshotRow>;

export type StoredSnapshot = CafeSnapshot & { text: string; activityId: string };

const PREVIEW_CHARS = 80;

const toSnapshot = (r: RawSnapshot): StoredSnapshot => ({
  id: r.id,
  activityId: r.activity_id,
  tableId: r.table_id,
  round: r.round,
  reason: r.reason,
  takenAt: r.taken_at,
  chars: r.text.length,
  preview: r.text.slice(0, PREVIEW_CHARS),
  text: r.text,
});

export async function insertSnapshot(
  db: Queryable,
  s: {
    activityId: string;
    tableId: string;
    round: number;
    reason: CafeSnapshot['reason'];
    text: string;
  },
): Promise<StoredSnapshot> {
  const inserted = await row(
    db,
    snapshotRow,
    `INSERT INTO cafe_snapshots (activity_id, table_id, round, reason, text)
     VALUES ($1, $2, $3, $4, $5) RETURNING *`,
    // A tablecloth is shared text no schema checked: whatever it holds, its snapshot is saved
    // (SEC12).
    [s.activityId, s.tableId, s.round, s.reason, toStorable(s.text)],
  );
  return toSnapshot(inserted!);
}

export async function listSnapshots(
  db: Queryable,
  tableId: string,
  round: number,
): Promise<StoredSnapshot[]> {
  const found = await rows(
    db,
    snapshotRow,
    'SELECT * FROM cafe_snapshots WHERE table_id = $1 AND round = $2 ORDER BY id DESC LIMIT 200',
    [tableId, round],
  );
  return found.map(toSnapshot);
}

export async function findSnapshot(db: Queryable, id: number): Promise<StoredSnapshot | undefined> {
  const found = await row(db, snapshotRow, 'SELECT * FROM cafe_snapshots WHERE id = $1', [id]);
  return found ? toSnapshot(found) : undefined;
}

/**
 * The newest snapshot text of every tablecloth whose round-end snapshot has been taken (ended
 * rounds read from here). Before it, an older minute snapshot may miss the last words, so a
 * tablecloth without one is read from its document.
 */
export async function latestTexts(
  db: Queryable,
  activityId: string,
): Promise<{ tableId: string; round: number; text: string }[]> {
  const found = await rows(
    db,
    z.object({ table_id: z.string(), round: z.number(), text: z.string() }),
    `SELECT DISTINCT ON (s.table_id, s.round) s.table_id, s.round, s.text
       FROM cafe_snapshots s
      WHERE s.activity_id = $1
        AND EXISTS (SELECT 1 FROM cafe_snapshots e
                     WHERE e.table_id = s.table_id AND e.round = s.round
                       AND e.reason = 'round_end' AND e.id <= s.id)
      ORDER BY s.table_id, s.round, s.id DESC`,
    [activityId],
  );
  return found.map((r) => ({ tableId: r.table_id, round: r.round, text: r.text }));
}

const insightRow = z.object({
  id: z.string(),
  text: z.string(),
  source_table_ids: z.array(z.string()),
  position: z.number(),
});
type RawInsight = z.infer<typeof insightRow>;

const toInsight = (r: RawInsight): CafeInsight => ({
  id: r.id,
  text: r.text,
  sourceTableIds: r.source_table_ids,
  position: r.position,
});

export async function insights(db: Queryable, activityId: string): Promise<CafeInsight[]> {
  const found = await rows(
    db,
    insightRow,
    `SELECT id, text, source_table_ids, position FROM cafe_insights
      WHERE activity_id = $1 AND removed_at IS NULL ORDER BY position, created_at`,
    [activityId],
  );
  return found.map(toInsight);
}

export async function findInsight(db: Queryable, id: string) {
  return row(
    db,
    insightRow.extend({ activity_id: z.string(), removed_at: timestamp.nullable() }),
    'SELECT * FROM cafe_insights WHERE id = $1',
    [id],
  );
}

export async function insertInsight(
  db: Queryable,
  i: { id: string; activityId: string; text: string; sourceTableIds: string[] },
): Promise<CafeInsight | undefined> {
  const inserted = await row(
    db,
    insightRow,
    `INSERT INTO cafe_insights (id, activity_id, text, source_table_ids, position)
     VALUES ($1, $2, $3, $4::uuid[],
       (SELECT COALESCE(max(position) + 1, 0) FROM cafe_insights WHERE activity_id = $2 AND removed_at IS NULL))
     ON CONFLICT (id) DO NOTHING
     RETURNING id, text, source_table_ids, position`,
    [i.id, i.activityId, i.text, i.sourceTableIds],
  );
  return inserted ? toInsight(inserted) : undefined;
}

export async function updateInsight(
  db: Queryable,
  id: string,
  patch: { text?: string; sourceTableIds?: string[]; position?: number },
): Promise<CafeInsight> {
  const updated = await row(
    db,
    insightRow,
    `UPDATE cafe_insights SET text = COALESCE($2, text),
       source_table_ids = COALESCE($3::uuid[], source_table_ids),
       position = COALESCE($4, position)
     WHERE id = $1 RETURNING id, text, source_table_ids, position`,
    [id, patch.text ?? null, patch.sourceTableIds ?? null, patch.position ?? null],
  );
  return toInsight(updated!);
}

export async function removeInsight(db: Queryable, id: string) {
  await db.query('UPDATE cafe_insights SET removed_at = now() WHERE id = $1', [id]);
}
