import { randomUUID } from 'node:crypto';
import type { Group } from '../../../shared/domain/groups.ts';
import type { AboutYouInput, ReferenceRow } from '../../../shared/protocol/reach.ts';
import { one, type Queryable } from '../../db/database.ts';

/**
 * Equality answers and the borough's profile. An answer row holds the workshop, the group the
 * person joined as, what they answered and the day: never who they are (REC12).
 */

/**
 * Marks the participant as having answered and stores the answers, in one transaction. False if
 * they had answered before (their first answers stand; one person counts once).
 */
export async function saveAnswers(
  tx: Queryable,
  a: { participantId: string; workshopId: string; groupKey: string; answers: AboutYouInput },
): Promise<boolean> {
  const marked = await tx.query(
    `UPDATE participants SET about_you_given = true
      WHERE id = $1 AND NOT about_you_given RETURNING id`,
    [a.participantId],
  );
  if (marked.length === 0) return false;
  await tx.query(
    `INSERT INTO equality_answers (id, workshop_id, group_key, answers, left_on)
     VALUES ($1, $2, $3, $4, CURRENT_DATE)`,
    [randomUUID(), a.workshopId, a.groupKey, JSON.stringify(a.answers)],
  );
  return true;
}

export type AnswerRow = { workshopId: string; groupKey: string; answers: Record<string, string> };

/** Answers in an arbitrary order (by their random ids), so the order says nothing of who joined when. */
export async function answersOf(db: Queryable, workshopIds: string[]): Promise<AnswerRow[]> {
  if (workshopIds.length === 0) return [];
  const rows = await db.query<{ workshop_id: string; group_key: string; answers: unknown }>(
    'SELECT workshop_id, group_key, answers FROM equality_answers WHERE workshop_id = ANY($1) ORDER BY id',
    [workshopIds],
  );
  return rows.map((r) => ({
    workshopId: r.workshop_id,
    groupKey: r.group_key,
    answers: (typeof r.answers === 'string' ? JSON.parse(r.answers) : r.answers) as Record<
      string,
      string
    >,
  }));
}

export type WorkshopHead = {
  id: string;
  title: string;
  groups: Group[];
  joined: number;
  personalDataDeletedAt: string | null;
};

const workshopHeadSql = `
  SELECT w.id, w.title, w.groups, w.personal_data_deleted_at,
         (SELECT count(*)::int FROM participants p WHERE p.workshop_id = w.id) AS joined
    FROM workshops w`;

type HeadRow = {
  id: string;
  title: string;
  groups: unknown;
  personal_data_deleted_at: Date | string | null;
  joined: number;
};

const toHead = (r: HeadRow): WorkshopHead => ({
  id: r.id,
  title: r.title,
  groups: (typeof r.groups === 'string' ? JSON.parse(r.groups) : r.groups) as Group[],
  joined: Number(r.joined),
  personalDataDeletedAt: r.personal_data_deleted_at
    ? new Date(r.personal_data_deleted_at).toISOString()
    : null,
});

export async function workshopHead(db: Queryable, id: string) {
  const row = await one<HeadRow>(db, `${workshopHeadSql} WHERE w.id = $1`, [id]);
  return row ? toHead(row) : undefined;
}

export async function recordTitle(db: Queryable, recordId: string) {
  const row = await one<{ title: string }>(
    db,
    'SELECT title FROM engagement_records WHERE id = $1',
    [recordId],
  );
  return row?.title;
}

export async function workshopsOfRecord(db: Queryable, recordId: string): Promise<WorkshopHead[]> {
  const rows = await db.query<HeadRow>(
    `${workshopHeadSql} JOIN record_workshops rw ON rw.workshop_id = w.id
      WHERE rw.record_id = $1 ORDER BY w.created_at, w.id`,
    [recordId],
  );
  return rows.map(toHead);
}

export async function referenceProfile(db: Queryable): Promise<ReferenceRow[]> {
  const rows = await db.query<{ question: string; answer: string; share: unknown; source: string }>(
    'SELECT question, answer, share, source FROM reference_profile ORDER BY question, answer',
  );
  return rows.map((r) => ({
    question: r.question as ReferenceRow['question'],
    answer: r.answer,
    share: Number(r.share),
    source: r.source,
  }));
}

export async function replaceReferenceProfile(tx: Queryable, rows: ReferenceRow[]) {
  await tx.query('DELETE FROM reference_profile');
  for (const r of rows) {
    await tx.query(
      'INSERT INTO reference_profile (question, answer, share, source) VALUES ($1, $2, $3, $4)',
      [r.question, r.answer, r.share, r.source],
    );
  }
}
