import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Group } from '../../../shared/domain/groups.ts';
import {
  ReferenceRowSchema,
  type AboutYouInput,
  type ReferenceRow,
} from '../../../shared/protocol/reach.ts';
import { isoTimestamp, jsonb, numeric } from '../../db/columns.ts';
import { row, rows, type Queryable } from '../../db/database.ts';

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
  const found = await rows(
    db,
    z.object({
      workshop_id: z.string(),
      group_key: z.string(),
      answers: jsonb(z.record(z.string(), z.string())),
    }),
    'SELECT workshop_id, group_key, answers FROM equality_answers WHERE workshop_id = ANY($1) ORDER BY id',
    [workshopIds],
  );
  return found.map((r) => ({
    workshopId: r.workshop_id,
    groupKey: r.group_key,
    answers: r.answers,
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

/** A stored group's shape, not the input rules, which may have tightened since it was written. */
const storedGroup = z.object({ key: z.string(), label: z.string().nullable() });

const headRow = z.object({
  id: z.string(),
  title: z.string(),
  groups: jsonb(z.array(storedGroup)),
  personal_data_deleted_at: isoTimestamp.nullable(),
  joined: z.number(),
});
type HeadRow = z.infer<typeof headRow>;

const toHead = (r: HeadRow): WorkshopHead => ({
  id: r.id,
  title: r.title,
  groups: r.groups,
  joined: r.joined,
  personalDataDeletedAt: r.personal_data_deleted_at,
});

export async function workshopHead(db: Queryable, id: string) {
  const found = await row(db, headRow, `${workshopHeadSql} WHERE w.id = $1`, [id]);
  return found ? toHead(found) : undefined;
}

export async function recordTitle(db: Queryable, recordId: string) {
  const found = await row(
    db,
    z.object({ title: z.string() }),
    'SELECT title FROM engagement_records WHERE id = $1',
    [recordId],
  );
  return found?.title;
}

export async function workshopsOfRecord(db: Queryable, recordId: string): Promise<WorkshopHead[]> {
  const found = await rows(
    db,
    headRow,
    `${workshopHeadSql} JOIN record_workshops rw ON rw.workshop_id = w.id
      WHERE rw.record_id = $1 ORDER BY w.created_at, w.id`,
    [recordId],
  );
  return found.map(toHead);
}

export async function referenceProfile(db: Queryable): Promise<ReferenceRow[]> {
  return rows(
    db,
    z.object({
      question: ReferenceRowSchema.shape.question,
      answer: z.string(),
      share: numeric,
      source: z.string(),
    }),
    'SELECT question, answer, share, source FROM reference_profile ORDER BY question, answer',
  );
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
