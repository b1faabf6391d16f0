import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { LanguageSchema, type Language } from '../../../shared/domain/languages.ts';
import type { EngagementRecord } from '../../../shared/domain/records.ts';
import {
  DecisionSchema,
  OutcomeItemKindSchema,
  type FeedbackResponse,
} from '../../../shared/protocol/feedback.ts';
import { date, isoTimestamp, jsonb } from '../../db/columns.ts';
import { count, row, rows, type Queryable } from '../../db/database.ts';
import { recordRow as storedRecordRow } from '../records/store.ts';

/**
 * SQL for "You said, we did". Contacts are only ever written, counted, read to queue a message,
 * and deleted: no query here returns an address to a caller outside the outbox (REC10).
 */

// ------------------------------------------------------------------ records

/** The part of a record "You said, we did" shows and changes (no tags, workshops or retention). */
export type RecordHead = Pick<
  EngagementRecord,
  | 'id'
  | 'publicId'
  | 'title'
  | 'service'
  | 'area'
  | 'level'
  | 'canInfluence'
  | 'cannotInfluence'
  | 'startsOn'
  | 'endsOn'
  | 'status'
  | 'location'
  | 'summary'
  | 'feedbackPublishedAt'
>;

/** The columns `recordColumns` selects. */
const recordRow = storedRecordRow.pick({
  id: true,
  public_id: true,
  title: true,
  service: true,
  area: true,
  level: true,
  can_influence: true,
  cannot_influence: true,
  starts_on: true,
  ends_on: true,
  status: true,
  location: true,
  summary: true,
  feedback_published_at: true,
});
type RecordRow = z.infer<typeof recordRow>;

const toHead = (r: RecordRow): RecordHead => ({
  id: r.id,
  publicId: r.public_id,
  title: r.title,
  service: r.service,
  area: r.area,
  level: r.level,
  canInfluence: r.can_influence,
  cannotInfluence: r.cannot_influence,
  startsOn: r.starts_on,
  endsOn: r.ends_on,
  status: r.status,
  location: r.location,
  summary: r.summary,
  feedbackPublishedAt: r.feedback_published_at,
});

const recordColumns = `id, public_id, title, service, area, level, can_influence, cannot_influence,
  starts_on, ends_on, status, location, summary, feedback_published_at`;

export async function findRecord(db: Queryable, id: string, lock = false) {
  const found = await row(
    db,
    recordRow,
    `SELECT ${recordColumns} FROM engagement_records WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return found ? toHead(found) : undefined;
}

export async function findRecordByPublicId(db: Queryable, publicId: string) {
  const found = await row(
    db,
    recordRow,
    `SELECT ${recordColumns} FROM engagement_records WHERE public_id = $1`,
    [publicId],
  );
  return found ? toHead(found) : undefined;
}

export async function markFeedbackGiven(db: Queryable, recordId: string): Promise<string> {
  // The first publication's time stays: later ones only reach people who asked since.
  const published = await row(
    db,
    z.object({ at: isoTimestamp }),
    `UPDATE engagement_records
        SET feedback_published_at = COALESCE(feedback_published_at, now()),
            status = 'feedback_given', updated_at = now()
      WHERE id = $1 RETURNING feedback_published_at AS at`,
    [recordId],
  );
  return published!.at;
}

// ------------------------------------------------------------------ snapshots

export type WorkshopSnapshot = {
  workshopId: string;
  title: string;
  startsAt: string | null;
  closedAt: string | null;
  /** The latest snapshot's content, unparsed; null before the first snapshot. */
  content: unknown;
};

/** Each of the record's workshops with its latest outcome snapshot, in the order they ran. */
export async function latestSnapshots(
  db: Queryable,
  recordId: string,
): Promise<WorkshopSnapshot[]> {
  const found = await rows(
    db,
    z.object({
      id: z.string(),
      title: z.string(),
      starts_at: z.string().nullable(),
      closed_at: isoTimestamp.nullable(),
      // Unparsed on purpose: outcomeItems checks it and skips a snapshot it cannot read.
      content: jsonb(z.unknown()),
    }),
    `SELECT w.id, w.title, w.starts_at, w.closed_at,
            (SELECT s.content FROM record_snapshots s WHERE s.workshop_id = w.id
              ORDER BY s.version DESC LIMIT 1) AS content
       FROM record_workshops rw JOIN workshops w ON w.id = rw.workshop_id
      WHERE rw.record_id = $1
      ORDER BY w.starts_at NULLS LAST, w.created_at`,
    [recordId],
  );
  return found.map((r) => ({
    workshopId: r.id,
    title: r.title,
    startsAt: r.starts_at,
    closedAt: r.closed_at,
    content: r.content,
  }));
}

// ------------------------------------------------------------------ responses

const responseRow = z.object({
  item_id: z.string(),
  item_kind: OutcomeItemKindSchema,
  item_label: z.string(),
  decision: DecisionSchema,
  explanation: z.string(),
  decided_on: date,
  decided_by: z.string(),
  updated_at: isoTimestamp,
});
type ResponseRow = z.infer<typeof responseRow>;

const toResponse = (r: ResponseRow): FeedbackResponse => ({
  itemId: r.item_id,
  itemKind: r.item_kind,
  itemLabel: r.item_label,
  decision: r.decision,
  explanation: r.explanation,
  decidedOn: r.decided_on,
  decidedBy: r.decided_by,
  updatedAt: r.updated_at,
});

export async function listResponses(db: Queryable, recordId: string) {
  const found = await rows(
    db,
    responseRow,
    `SELECT item_id, item_kind, item_label, decision, explanation, decided_on, decided_by, updated_at
       FROM record_responses WHERE record_id = $1 ORDER BY updated_at, item_id`,
    [recordId],
  );
  return found.map(toResponse);
}

export async function findResponse(db: Queryable, recordId: string, itemId: string) {
  const found = await row(
    db,
    responseRow,
    `SELECT item_id, item_kind, item_label, decision, explanation, decided_on, decided_by, updated_at
       FROM record_responses WHERE record_id = $1 AND item_id = $2 FOR UPDATE`,
    [recordId, itemId],
  );
  return found ? toResponse(found) : undefined;
}

export async function upsertResponse(
  db: Queryable,
  recordId: string,
  r: Omit<FeedbackResponse, 'updatedAt'>,
): Promise<FeedbackResponse> {
  const [saved] = await rows(
    db,
    responseRow,
    `INSERT INTO record_responses
       (record_id, item_id, item_kind, item_label, decision, explanation, decided_on, decided_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7::date, $8)
     ON CONFLICT (record_id, item_id) DO UPDATE SET
       item_kind = EXCLUDED.item_kind, item_label = EXCLUDED.item_label,
       decision = EXCLUDED.decision, explanation = EXCLUDED.explanation,
       decided_on = EXCLUDED.decided_on, decided_by = EXCLUDED.decided_by, updated_at = now()
     RETURNING item_id, item_kind, item_label, decision, explanation, decided_on, decided_by, updated_at`,
    [
      recordId,
      r.itemId,
      r.itemKind,
      r.itemLabel,
      r.decision,
      r.explanation,
      r.decidedOn,
      r.decidedBy,
    ],
  );
  return toResponse(saved!);
}

// ------------------------------------------------------------------ contacts (REC10)

/**
 * Stores an address with only its workshop, language and day. Giving the same address twice
 * changes nothing, and says nothing about whether it was already there.
 */
export async function insertContact(
  db: Queryable,
  c: { workshopId: string; email: string; language: Language; phoneKey: string },
) {
  await db.query(
    `INSERT INTO feedback_contacts (id, workshop_id, email, language, phone_key)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (workshop_id, email) DO NOTHING`,
    [randomUUID(), c.workshopId, c.email, c.language, c.phoneKey],
  );
}

/** Removes an address only if the same phone gave it (SEC14). */
export async function deleteOwnContact(
  db: Queryable,
  workshopId: string,
  email: string,
  phoneKey: string,
) {
  await db.query(
    'DELETE FROM feedback_contacts WHERE workshop_id = $1 AND email = $2 AND phone_key = $3',
    [workshopId, email, phoneKey],
  );
}

/** Contacts and people in a workshop: a phone cannot leave more addresses than there are people. */
export async function contactRoom(db: Queryable, workshopId: string, email: string) {
  const room = await row(
    db,
    z.object({ contacts: z.number(), people: z.number(), known: z.boolean() }),
    `SELECT (SELECT count(*) FROM feedback_contacts WHERE workshop_id = $1)::int AS contacts,
            (SELECT count(*) FROM participants WHERE workshop_id = $1)::int AS people,
            EXISTS (SELECT 1 FROM feedback_contacts WHERE workshop_id = $1 AND email = $2) AS known`,
    [workshopId, email],
  );
  return {
    contacts: room?.contacts ?? 0,
    people: room?.people ?? 0,
    known: room?.known === true,
  };
}

/** Addresses at the record's workshops that no message has been queued for yet. */
export async function countUntold(db: Queryable, recordId: string): Promise<number> {
  return count(
    db,
    `SELECT count(DISTINCT c.email)::int AS n FROM feedback_contacts c
       JOIN record_workshops rw ON rw.workshop_id = c.workshop_id
      WHERE rw.record_id = $1
        AND NOT EXISTS (SELECT 1 FROM outbox o
                         WHERE o.dedupe_key LIKE $2 AND o.to_address = c.email)`,
    [recordId, `feedback:${recordId}:%`],
  );
}

/** One row per address (a person at two of the record's pop-ups hears once), for queuing. */
export async function contactsToTell(db: Queryable, recordId: string) {
  return rows(
    db,
    z.object({ id: z.string(), email: z.string(), language: LanguageSchema }),
    `SELECT DISTINCT ON (c.email) c.id, c.email, c.language FROM feedback_contacts c
       JOIN record_workshops rw ON rw.workshop_id = c.workshop_id
      WHERE rw.record_id = $1 ORDER BY c.email, c.id`,
    [recordId],
  );
}

/** Forgets an address everywhere in the record once its message has gone (REC10). */
export async function deleteRecordContacts(db: Queryable, recordId: string, email: string) {
  await db.query(
    `DELETE FROM feedback_contacts c USING record_workshops rw
      WHERE rw.workshop_id = c.workshop_id AND rw.record_id = $1 AND c.email = $2`,
    [recordId, email],
  );
}

export async function deleteExpiredContacts(db: Queryable, days: number): Promise<number> {
  const deleted = await db.query(
    `DELETE FROM feedback_contacts WHERE left_on < CURRENT_DATE - $1::int RETURNING id`,
    [days],
  );
  return deleted.length;
}

// ------------------------------------------------------------------ outbox (REC11)

export type OutboxMessage = {
  id: string;
  dedupeKey: string;
  to: string;
  subject: string;
  text: string;
  attempts: number;
};

const outboxRow = z.object({
  id: z.string(),
  dedupe_key: z.string(),
  to_address: z.string(),
  subject: z.string(),
  body_text: z.string(),
  attempts: z.number(),
});

const givenUpRow = outboxRow.pick({ id: true, dedupe_key: true, to_address: true });

/** Queues a message unless one with the same key was ever queued; true when it was queued. */
export async function enqueue(
  db: Queryable,
  m: { dedupeKey: string; to: string; subject: string; text: string },
): Promise<boolean> {
  const queued = await db.query(
    `INSERT INTO outbox (id, dedupe_key, to_address, subject, body_text)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
    [randomUUID(), m.dedupeKey, m.to, m.subject, m.text],
  );
  return queued.length > 0;
}

/**
 * Takes up to `limit` due messages for this node. The status test in the UPDATE and SKIP LOCKED
 * mean two nodes never take the same row; `next_attempt_at` becomes the lease's end, after
 * which an unfinished send is treated as interrupted.
 */
export async function claimDue(
  db: Queryable,
  limit: number,
  leaseSeconds: number,
): Promise<OutboxMessage[]> {
  const claimed = await rows(
    db,
    outboxRow,
    `UPDATE outbox SET status = 'sending', attempts = attempts + 1,
            next_attempt_at = now() + make_interval(secs => $2)
      WHERE id IN (SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= now()
                    ORDER BY next_attempt_at, id LIMIT $1 FOR UPDATE SKIP LOCKED)
        AND status = 'pending'
      RETURNING id, dedupe_key, to_address, subject, body_text, attempts`,
    [limit, leaseSeconds],
  );
  return claimed.map((r) => ({
    id: r.id,
    dedupeKey: r.dedupe_key,
    to: r.to_address,
    subject: r.subject,
    text: r.body_text,
    attempts: r.attempts,
  }));
}

/** Sent: the address is blanked, so the outbox keeps no contact either (REC10). */
export async function markSent(db: Queryable, id: string) {
  await db.query(
    `UPDATE outbox SET status = 'sent', sent_at = now(), to_address = '', last_error = NULL
      WHERE id = $1 AND status = 'sending'`,
    [id],
  );
}

export async function markRetry(db: Queryable, id: string, delaySeconds: number, error: string) {
  await db.query(
    `UPDATE outbox SET status = 'pending', last_error = $3,
            next_attempt_at = now() + make_interval(secs => $2)
      WHERE id = $1 AND status = 'sending'`,
    [id, delaySeconds, error],
  );
}

/** Given up: the address is blanked too; the error is kept for the facilitators' counts. */
export async function markFailed(db: Queryable, id: string, error: string) {
  await db.query(
    `UPDATE outbox SET status = 'failed', to_address = '', last_error = $2
      WHERE id = $1 AND status IN ('sending', 'pending')`,
    [id, error],
  );
}

/**
 * Sends whose lease ran out (the node stopped mid-send). The server may have taken the message,
 * so it is not tried again: never twice wins over certainly once (REC11).
 */
export async function abandonInterrupted(db: Queryable) {
  return rows(
    db,
    givenUpRow,
    `UPDATE outbox SET status = 'failed', last_error = 'interrupted while sending; not retried'
      WHERE status = 'sending' AND next_attempt_at < now()
      RETURNING id, dedupe_key, to_address`,
  );
}

/** Unsent messages older than the retention period are given up, with their addresses. */
export async function expireUnsent(db: Queryable, days: number) {
  return rows(
    db,
    givenUpRow,
    `UPDATE outbox SET status = 'failed', last_error = 'not sent within the retention period'
      WHERE status = 'pending' AND created_at < now() - make_interval(days => $1)
      RETURNING id, dedupe_key, to_address`,
    [days],
  );
}

export async function blankAddress(db: Queryable, id: string) {
  await db.query(`UPDATE outbox SET to_address = '' WHERE id = $1`, [id]);
}

export async function outboxCounts(db: Queryable, recordId: string) {
  const counts = await row(
    db,
    z.object({ pending: z.number(), sent: z.number(), failed: z.number() }),
    `SELECT count(*) FILTER (WHERE status IN ('pending', 'sending'))::int AS pending,
            count(*) FILTER (WHERE status = 'sent')::int AS sent,
            count(*) FILTER (WHERE status = 'failed')::int AS failed
       FROM outbox WHERE dedupe_key LIKE $1`,
    [`feedback:${recordId}:%`],
  );
  return {
    pending: counts?.pending ?? 0,
    sent: counts?.sent ?? 0,
    failed: counts?.failed ?? 0,
  };
}

export async function countWaiting(db: Queryable): Promise<number> {
  return count(db, `SELECT count(*)::int AS n FROM outbox WHERE status = 'pending'`);
}

/** The public id of the record a workshop belongs to, once its "You said, we did" is out. */
export async function publishedPublicIdOfWorkshop(
  db: Queryable,
  workshopId: string,
): Promise<string | undefined> {
  const found = await row(
    db,
    z.object({ public_id: z.string() }),
    `SELECT r.public_id FROM engagement_records r
       JOIN record_workshops rw ON rw.record_id = r.id
      WHERE rw.workshop_id = $1 AND r.feedback_published_at IS NOT NULL`,
    [workshopId],
  );
  return found?.public_id;
}
