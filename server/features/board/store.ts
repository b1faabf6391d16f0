import { z } from 'zod';
import {
  BoardModeSchema,
  OwnNoteSchema,
  type BoardMeta,
  type BoardMode,
  type OwnNote,
  type Theme,
} from '../../../shared/domain/board.ts';
import { count, row, rows, type Queryable } from '../../db/database.ts';
import { isoTimestamp, jsonb, timestamp } from '../../db/columns.ts';

const boardRow = z.object({
  activity_id: z.string(),
  workshop_id: z.string(),
  mode: BoardModeSchema,
  revealed_at: timestamp.nullable(),
  locked: z.boolean(),
  allow_async: z.boolean(),
});
type BoardRow = z.infer<typeof boardRow>;

const themeRow = z.object({ id: z.string(), name: z.string(), position: z.number() });

export type Board = { activityId: string; workshopId: string; meta: BoardMeta };

const toBoard = (r: BoardRow): Board => ({
  activityId: r.activity_id,
  workshopId: r.workshop_id,
  meta: {
    mode: r.mode,
    revealed: r.revealed_at !== null,
    locked: r.locked,
    allowAsync: r.allow_async,
  },
});

/** Whether everyone may see the board's notes: an open board, or a private one after the reveal. */
export function isPublic(meta: BoardMeta): boolean {
  return meta.mode === 'open' || meta.revealed;
}

/** The board of an idea-board activity, created on first use with the activity's settings. */
export async function ensureBoard(
  db: Queryable,
  activityId: string,
  opts: { lock?: boolean } = {},
): Promise<Board | undefined> {
  const activity = await row(
    db,
    z.object({
      workshop_id: z.string(),
      kind: z.string(),
      // Only the mode is read here; the rest of the settings are the agenda's concern.
      settings: jsonb(z.looseObject({ mode: z.optional(BoardModeSchema) })),
    }),
    `SELECT workshop_id, kind, settings FROM activities WHERE id = $1 AND removed_at IS NULL`,
    [activityId],
  );
  if (!activity || activity.kind !== 'idea_board') return undefined;
  await db.query(
    `INSERT INTO boards (activity_id, workshop_id, mode) VALUES ($1, $2, $3)
     ON CONFLICT (activity_id) DO NOTHING`,
    [activityId, activity.workshop_id, activity.settings.mode ?? 'open'],
  );
  const found = await row(
    db,
    boardRow,
    `SELECT * FROM boards WHERE activity_id = $1${opts.lock ? ' FOR UPDATE' : ''}`,
    [activityId],
  );
  return found ? toBoard(found) : undefined;
}

export async function updateBoard(
  db: Queryable,
  activityId: string,
  fields: { mode?: BoardMode; locked?: boolean; allowAsync?: boolean; revealed?: boolean },
): Promise<Board> {
  const [updated] = await rows(
    db,
    boardRow,
    `UPDATE boards SET
       mode = coalesce($2, mode),
       locked = coalesce($3, locked),
       allow_async = coalesce($4, allow_async),
       revealed_at = CASE WHEN $5::boolean IS NULL THEN revealed_at
                          WHEN $5::boolean THEN coalesce(revealed_at, now()) ELSE NULL END,
       rev = rev + 1
     WHERE activity_id = $1 RETURNING *`,
    [
      activityId,
      fields.mode ?? null,
      fields.locked ?? null,
      fields.allowAsync ?? null,
      fields.revealed ?? null,
    ],
  );
  return toBoard(updated!);
}

const noteRow = z.object({
  id: z.string(),
  activity_id: z.string(),
  author_participant_id: z.string().nullable(),
  entered_by_facilitator_id: z.string().nullable(),
  group_key: z.string(),
  show_name: z.boolean(),
  text: z.string(),
  theme_id: z.string().nullable(),
  position: z.number(),
  status: OwnNoteSchema.shape.status,
  hidden_reason: z.string().nullable(),
  merged_into: z.string().nullable(),
  created_at: isoTimestamp,
  author_name: z.string().nullable(),
  merged_count: z.number(),
});
type NoteRow = z.infer<typeof noteRow>;

export type StoredNote = OwnNote & {
  activityId: string;
  authorParticipantId: string | null;
  enteredByFacilitatorId: string | null;
};

const noteSelect = `
  SELECT n.*, CASE WHEN n.show_name AND p.display_name <> '' THEN p.display_name END AS author_name,
    (SELECT count(*)::int FROM board_notes m WHERE m.merged_into = n.id AND m.status = 'visible') AS merged_count
  FROM board_notes n LEFT JOIN participants p ON p.id = n.author_participant_id`;

function toNote(r: NoteRow): StoredNote {
  return {
    id: r.id,
    activityId: r.activity_id,
    authorParticipantId: r.author_participant_id,
    enteredByFacilitatorId: r.entered_by_facilitator_id,
    text: r.text,
    groupKey: r.group_key,
    authorName: r.author_name,
    assisted: r.entered_by_facilitator_id !== null,
    themeId: r.theme_id,
    position: r.position,
    mergedCount: r.merged_count,
    createdAt: r.created_at,
    status: r.status,
    hiddenReason: r.hidden_reason,
    mergedInto: r.merged_into,
  };
}

export async function findNote(db: Queryable, id: string, opts: { lock?: boolean } = {}) {
  if (opts.lock) await db.query('SELECT 1 FROM board_notes WHERE id = $1 FOR UPDATE', [id]);
  const found = await row(db, noteRow, `${noteSelect} WHERE n.id = $1`, [id]);
  return found ? toNote(found) : undefined;
}

export async function listNotes(
  db: Queryable,
  activityId: string,
  opts: { authorId?: string } = {},
) {
  const found = await rows(
    db,
    noteRow,
    `${noteSelect} WHERE n.activity_id = $1 ${opts.authorId ? 'AND n.author_participant_id = $2' : ''}
     ORDER BY n.theme_id NULLS FIRST, n.position, n.created_at, n.id`,
    opts.authorId ? [activityId, opts.authorId] : [activityId],
  );
  return found.map(toNote);
}

export async function countNotesBy(db: Queryable, activityId: string, participantId: string) {
  return count(
    db,
    `SELECT count(*)::int AS n FROM board_notes
     WHERE activity_id = $1 AND author_participant_id = $2 AND status <> 'withdrawn'`,
    [activityId, participantId],
  );
}

/** Notes that stand on the board (withdrawn and hidden ones aside), merged ones included. */
export async function countShownNotes(db: Queryable, activityId: string) {
  return count(
    db,
    `SELECT count(*)::int AS n FROM board_notes WHERE activity_id = $1 AND status = 'visible'`,
    [activityId],
  );
}

export async function insertNote(
  db: Queryable,
  n: {
    id: string;
    activityId: string;
    authorParticipantId: string | null;
    enteredByFacilitatorId: string | null;
    groupKey: string;
    showName: boolean;
    text: string;
  },
): Promise<boolean> {
  const written = await db.query(
    `INSERT INTO board_notes (id, activity_id, author_participant_id, entered_by_facilitator_id,
       group_key, show_name, text, position)
     VALUES ($1, $2, $3, $4, $5, $6, $7,
       (SELECT coalesce(max(position) + 1, 0) FROM board_notes WHERE activity_id = $2 AND theme_id IS NULL))
     ON CONFLICT (id) DO NOTHING RETURNING id`,
    [
      n.id,
      n.activityId,
      n.authorParticipantId,
      n.enteredByFacilitatorId,
      n.groupKey,
      n.showName,
      n.text,
    ],
  );
  return written.length === 1;
}

export async function updateNote(
  db: Queryable,
  id: string,
  fields: Partial<{
    text: string;
    status: OwnNote['status'];
    hidden_reason: string | null;
    merged_into: string | null;
    theme_id: string | null;
    position: number;
  }>,
) {
  const sets: string[] = ['updated_at = now()'];
  const params: unknown[] = [id];
  for (const [column, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    params.push(value);
    sets.push(`${column} = $${params.length}`);
  }
  await db.query(`UPDATE board_notes SET ${sets.join(', ')} WHERE id = $1`, params);
}

/** Renumbers the notes of one theme (or the unsorted pile) 0, 1, 2... in the given order. */
export async function renumber(db: Queryable, activityId: string, orderedIds: string[]) {
  for (const [i, id] of orderedIds.entries()) {
    await db.query(
      `UPDATE board_notes SET position = $3 WHERE id = $1 AND activity_id = $2 AND position <> $3`,
      [id, activityId, i],
    );
  }
}

export async function logModeration(
  db: Queryable,
  e: {
    noteId: string;
    activityId: string;
    action: 'hide' | 'unhide';
    reason: string;
    facilitatorId: string;
    noteText: string;
  },
) {
  await db.query(
    `INSERT INTO board_moderation_log (note_id, activity_id, action, reason, facilitator_id, note_text)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [e.noteId, e.activityId, e.action, e.reason, e.facilitatorId, e.noteText],
  );
}

export async function moderationLog(db: Queryable, workshopId: string) {
  return rows(
    db,
    z.object({
      note_id: z.string(),
      activity_title: z.string(),
      action: z.enum(['hide', 'unhide']),
      reason: z.string(),
      facilitator: z.string(),
      note_text: z.string(),
      at: timestamp,
    }),
    `SELECT l.note_id, a.title AS activity_title, l.action, l.reason, f.name AS facilitator, l.note_text, l.at
     FROM board_moderation_log l JOIN activities a ON a.id = l.activity_id
     JOIN facilitators f ON f.id = l.facilitator_id
     WHERE a.workshop_id = $1 ORDER BY l.at, l.id`,
    [workshopId],
  );
}

/** The participants behind a note: its author and the authors of the notes merged into it. */
export async function authorsOfNote(db: Queryable, noteId: string): Promise<string[]> {
  const found = await rows(
    db,
    z.object({ author_participant_id: z.string() }),
    `SELECT author_participant_id FROM board_notes
     WHERE (id = $1 OR merged_into = $1) AND author_participant_id IS NOT NULL`,
    [noteId],
  );
  return found.map((r) => r.author_participant_id);
}

export async function listThemes(db: Queryable, activityId: string): Promise<Theme[]> {
  return rows(
    db,
    themeRow,
    `SELECT id, name, position FROM board_themes WHERE activity_id = $1 AND removed_at IS NULL
     ORDER BY position, created_at`,
    [activityId],
  );
}

export async function findTheme(db: Queryable, themeId: string) {
  return row(
    db,
    themeRow.extend({ activity_id: z.string() }),
    'SELECT id, name, position, activity_id FROM board_themes WHERE id = $1 AND removed_at IS NULL',
    [themeId],
  );
}

export async function insertTheme(
  db: Queryable,
  t: { id: string; activityId: string; name: string },
): Promise<Theme> {
  const [inserted] = await rows(
    db,
    themeRow,
    `INSERT INTO board_themes (id, activity_id, name, position)
     VALUES ($1, $2, $3, (SELECT coalesce(max(position) + 1, 0) FROM board_themes WHERE activity_id = $2 AND removed_at IS NULL))
     RETURNING id, name, position`,
    [t.id, t.activityId, t.name],
  );
  return inserted!;
}

export async function updateTheme(
  db: Queryable,
  id: string,
  fields: { name?: string; position?: number },
) {
  const [updated] = await rows(
    db,
    themeRow,
    `UPDATE board_themes SET name = coalesce($2, name), position = coalesce($3, position)
     WHERE id = $1 RETURNING id, name, position`,
    [id, fields.name ?? null, fields.position ?? null],
  );
  return updated!;
}

/** Removes a theme; its notes go back to the unsorted pile. Returns the ids of those notes. */
export async function removeTheme(db: Queryable, id: string): Promise<string[]> {
  const moved = await rows(
    db,
    z.object({ id: z.string() }),
    'UPDATE board_notes SET theme_id = NULL, updated_at = now() WHERE theme_id = $1 RETURNING id',
    [id],
  );
  await db.query('UPDATE board_themes SET removed_at = now() WHERE id = $1', [id]);
  return moved.map((r) => r.id);
}
