import type { Outcome } from '../../../shared/domain/records.ts';
import { z } from 'zod';
import { timestamp } from '../../db/columns.ts';
import { rows, type Database, type Queryable } from '../../db/database.ts';
import type { Logger } from '../../logger.ts';
import { logAudit } from '../../core/audit.ts';
import type { OutcomeActivity, PersonalDataPart } from '../../core/personalData.ts';
import { personalDataTables, redactSnapshots } from './erasure.ts';
import { vacuumTables } from './vacuum.ts';

/**
 * Retention (REC14): a record keeps the personal data of its workshops for
 * `engagement_records.retention_months` after its last workshop closed (DEFAULT_RETENTION_MONTHS
 * when unset; the same for a workshop in no record, from its own closing). Then a background job
 * deletes it: participants' names and device links, feedback contacts, "about you" answers, and
 * the names shown on notes in the stored snapshots. What people said stays, without who said it.
 */
export const DEFAULT_RETENTION_MONTHS = 12;

/** How often the job looks for personal data past its time. */
const RUN_EVERY_MS = 6 * 60 * 60 * 1000;
/** The first look waits a little, so a start-up is not slowed by it. */
const FIRST_RUN_AFTER_MS = 60 * 1000;

export function addMonths(from: Date, months: number): Date {
  const d = new Date(from);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  // 31 January plus one month is the last day of February, not 3 March.
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

export type Deleted = {
  workshopId: string;
  recordId: string | null;
  names: number;
  contacts: number;
  equalityAnswers: number;
};

const candidateRow = z.object({
  id: z.string(),
  record_id: z.string().nullable(),
  closed_at: timestamp,
  months: z.number().nullable(),
  last_closed: timestamp.nullable(),
  all_closed: z.boolean().nullable(),
});
type Candidate = z.infer<typeof candidateRow>;

/** The closed workshops whose personal data is still here, with what decides when it goes. */
async function candidates(db: Database): Promise<Candidate[]> {
  return rows(
    db,
    candidateRow,
    `SELECT w.id, rw.record_id, w.closed_at, r.retention_months AS months,
       (SELECT max(w2.closed_at) FROM record_workshops rw2 JOIN workshops w2 ON w2.id = rw2.workshop_id
         WHERE rw2.record_id = rw.record_id) AS last_closed,
       (SELECT bool_and(w2.status = 'closed') FROM record_workshops rw2
          JOIN workshops w2 ON w2.id = rw2.workshop_id WHERE rw2.record_id = rw.record_id) AS all_closed
     FROM workshops w
     LEFT JOIN record_workshops rw ON rw.workshop_id = w.id
     LEFT JOIN engagement_records r ON r.id = rw.record_id
     WHERE w.status = 'closed' AND w.closed_at IS NOT NULL AND w.personal_data_deleted_at IS NULL`,
  );
}

/** When a workshop's personal data is due to go, or null while its record is still running. */
export function dueAt(c: {
  recordId: string | null;
  closedAt: Date;
  months: number | null;
  lastClosed: Date | null;
  allClosed: boolean;
}): Date | null {
  const months = c.months ?? DEFAULT_RETENTION_MONTHS;
  if (c.recordId === null) return addMonths(c.closedAt, months);
  if (!c.allClosed || !c.lastClosed) return null;
  return addMonths(c.lastClosed, months);
}

/** A stored snapshot without the names people chose to show, as each part takes them out. */
function withoutNames(
  o: Outcome,
  parts: readonly PersonalDataPart[],
): { outcome: Outcome; changed: boolean } {
  let changed = false;
  const activities = o.activities.map((a) =>
    parts.reduce<OutcomeActivity>(
      (activity, part) => part.redactExpired?.(activity, () => void (changed = true)) ?? activity,
      a,
    ),
  );
  return { outcome: { ...o, activities }, changed };
}

/** Deletes the personal data of every workshop past its retention period at `now`. */
export async function deleteExpiredPersonalData(
  db: Database,
  parts: readonly PersonalDataPart[],
  now: Date,
): Promise<Deleted[]> {
  const done: Deleted[] = [];
  for (const c of await candidates(db)) {
    const due = dueAt({
      recordId: c.record_id,
      closedAt: c.closed_at,
      months: c.months,
      lastClosed: c.last_closed,
      allClosed: c.all_closed === true,
    });
    if (!due || due > now) continue;
    done.push(await db.transaction((tx) => deleteWorkshopData(tx, parts, c, now)));
  }
  // The deleted names and contacts leave the tables' files too, not only the tables (SEC16).
  if (done.length > 0) await vacuumTables(db, personalDataTables(parts));
  return done;
}

async function deleteWorkshopData(
  tx: Queryable,
  parts: readonly PersonalDataPart[],
  c: Candidate,
  now: Date,
): Promise<Deleted> {
  const deleted: Deleted = {
    workshopId: c.id,
    recordId: c.record_id,
    names: 0,
    contacts: 0,
    equalityAnswers: 0,
  };
  // A workshop done by another node in the meantime is skipped (the row lock orders them).
  const still = await tx.query(
    'SELECT id FROM workshops WHERE id = $1 AND personal_data_deleted_at IS NULL FOR UPDATE',
    [c.id],
  );
  if (still.length === 0) return deleted;
  for (const part of parts) Object.assign(deleted, await part.expire?.(tx, c.id));
  const snapshots = await redactSnapshots(tx, c.id, (o) => withoutNames(o, parts));
  await tx.query('UPDATE workshops SET personal_data_deleted_at = $2 WHERE id = $1', [
    c.id,
    now.toISOString(),
  ]);
  await logAudit(tx, {
    recordId: c.record_id,
    workshopId: c.id,
    facilitatorId: null,
    action: 'personal_data_deleted',
    detail: {
      reason: 'retention',
      retentionMonths: c.months ?? DEFAULT_RETENTION_MONTHS,
      names: deleted.names,
      contacts: deleted.contacts,
      equalityAnswers: deleted.equalityAnswers,
      snapshotVersions: snapshots.versions,
    },
  });
  return deleted;
}

/** Runs the job every few hours until stopped; `now` is injectable for tests. */
export function startRetention(
  db: Database,
  parts: readonly PersonalDataPart[],
  log: Logger,
  opts: { now?: () => Date; everyMs?: number; firstAfterMs?: number } = {},
): { stop(): void; runNow(): Promise<Deleted[]> } {
  const now = opts.now ?? (() => new Date());
  let running: Promise<Deleted[]> | undefined;
  const run = () => {
    running ??= deleteExpiredPersonalData(db, parts, now())
      .then((done) => {
        if (done.length > 0)
          log.info({ workshops: done.length }, 'retention: personal data deleted');
        return done;
      })
      .catch((err: unknown) => {
        log.error({ err }, 'retention: run failed; tried again next time');
        return [];
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  let timer: NodeJS.Timeout | undefined = setTimeout(function tick() {
    void run().then(() => {
      if (timer) timer = setTimeout(tick, opts.everyMs ?? RUN_EVERY_MS).unref();
    });
  }, opts.firstAfterMs ?? FIRST_RUN_AFTER_MS).unref();
  return {
    stop() {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
    runNow: run,
  };
}
