import type { BoardMeta, BoardMode, OwnNote, Theme } from '../../../shared/domain/board.ts';
import { one, type Queryable } from '../../db/database.ts';

type BoardRow = {
  activity_id: string;
  workshop_id: string;
  mode: BoardMode;
  revealed_at: Date | null;
  locked: boolean;
  allow_async: boolean;
};

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
  const activity = await one<{ workshop_id: string; kind: string; settings: { mode?: BoardMode } }>(
    db,
    `SELECT workshop_id, kind, settings FROM activities WHERE id = $1 AND removed_at IS NULL`,
    [activityId],
  );
  if (!activity || activity.kind !== 'idea_board') return undefined;
  await db.query(
    `INSERT INTO boards (activity_id, workshop_id, mode) VALUES ($1, $2, $3)
     ON CONFLICT (activity_id) DO NOTHING`,
    [activityId, activity.workshop_id, activity.settings.mode ?? 'open'],
  );
  const row = await one<BoardRow>(
    db,
    `SELECT * FROM boards WHERE activity_id = $1${opts.lock ? ' FOR UPDATE' : ''}`,
    [activityId],
  );
  return row ? toBoard(row) : undefined;
}

export async function updateBoard(
  db: Queryable,
  activityId: string,
  fields: { mode?: BoardMode; locked?: boolean; allowAsync?: boolean; revealed?: boolean },
): Promise<Board> {
  const rows = await db.query<BoardRow>(
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
  return toBoard(rows[0]!);
}

type NoteRow = {
  id: string;
  activity_id: string;
  author_participant_id: string | null;
  entered_by_facilitator_id: string | null;
  group_key: string;
  show_name: boolean;
  text: string;
  theme_id: string | null;
  position: number;
  status: OwnNote['status'];
  hidden_reason: string | null;
  merged_into: string | null;
  created_at: Date;
  author_name: string | null;
  merged_count: number;
};

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
    createdAt: new Date(r.created_at).toISOString(),
    status: r.status,
    hiddenReason: r.hidden_reason,
    mergedInto: r.merged_into,
  };
}

export async function findNote(db: Queryable, id: string, opts: { lock?: boolean } = {}) {
  if (opts.lock) await db.query('SELECT 1 FROM board_notes WHERE id = $1 FOR UPDATE', [id]);
  const row = await one<NoteRow>(db, `${noteSelect} WHERE n.id = $1`, [id]);
  return row ? toNote(row) : undefined;
}

export async function listNotes(
  db: Queryable,
  activityId: string,
  opts: { authorId?: string } = {},
) {
  const rows = await db.query<NoteRow>(
    `${noteSelect} WHERE n.activity_id = $1 ${opts.authorId ? 'AND n.author_participant_id = $2' : ''}
     ORDER BY n.theme_id NULLS FIRST, n.position, n.created_at, n.id`,
    opts.authorId ? [activityId, opts.authorId] : [activityId],
  );
  return rows.map(toNote);
}

export async function countNotesBy(db: Queryable, activityId: string, participantId: string) {
  const row = await one<{ n: number }>(
    db,
    `SELECT count(*)::int AS n FROM board_notes
     WHERE activity_id = $1 AND author_participant_id = $2 AND status <> 'withdrawn'`,
    [activityId, participantId],
  );
  return row?.n ?? 0;
}

/** Notes that stand on the board (withdrawn and hidden ones aside), merged ones included. */
export async function countShownNotes(db: Queryable, activityId: string) {
  const row = await one<{ n: number }>(
    db,
    `SELECT count(*)::int AS n FROM board_notes WHERE activity_id = $1 AND status = 'visible'`,
    [activityId],
  );
  return row?.n ?? 0;
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
  const rows = await db.query(
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
  return rows.length === 1;
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
  return db.query<{
    note_id: string;
    activity_title: string;
    action: 'hide' | 'unhide';
    reason: string;
    facilitator: string;
    note_text: string;
    at: Date;
  }>(
    `SELECT l.note_id, a.title AS activity_title, l.action, l.reason, f.name AS facilitator, l.note_text, l.at
     FROM board_moderation_log l JOIN activities a ON a.id = l.activity_id
     JOIN facilitators f ON f.id = l.facilitator_id
     WHERE a.workshop_id = $1 ORDER BY l.at, l.id`,
    [workshopId],
  );
}

/** The participants behind a note: its author and the authors of the notes merged into it. */
export async function authorsOfNote(db: Queryable, noteId: string): Promise<string[]> {
  const rows = await db.query<{ author_participant_id: string }>(
    `SELECT author_participant_id FROM board_notes
     WHERE (id = $1 OR merged_into = $1) AND author_participant_id IS NOT NULL`,
    [noteId],
  );
  return rows.map((r) => r.author_participant_id);
}

export async function listThemes(db: Queryable, activityId: string): Promise<Theme[]> {
  return db.query<Theme>(
    `SELECT id, name, position FROM board_themes WHERE activity_id = $1 AND removed_at IS NULL
     ORDER BY position, created_at`,
    [activityId],
  );
}

export async function findTheme(db: Queryable, themeId: string) {
  return one<Theme & { activity_id: string }>(
    db,
    'SELECT id, name, position, activity_id FROM board_themes WHERE id = $1 AND removed_at IS NULL',
    [themeId],
  );
}

export async function insertTheme(
  db: Queryable,
  t: { id: string; activityId: string; name: string },
): Promise<Theme> {
  const rows = await db.query<Theme>(
    `INSERT INTO board_themes (id, activity_id, name, position)
     VALUES ($1, $2, $3, (SELECT coalesce(max(position) + 1, 0) FROM board_themes WHERE activity_id = $2 AND removed_at IS NULL))
     RETURNING id, name, position`,
    [t.id, t.activityId, t.name],
  );
  return rows[0]!;
}

export async function updateTheme(
  db: Queryable,
  id: string,
  fields: { name?: string; position?: number },
) {
  const rows = await db.query<Theme>(
    `UPDATE board_themes SET name = coalesce($2, name), position = coalesce($3, position)
     WHERE id = $1 RETURNING id, name, position`,
    [id, fields.name ?? null, fields.position ?? null],
  );
  return rows[0]!;
}

/** Removes a theme; its notes go back to the unsorted pile. Returns the ids of those notes. */
export async function removeTheme(db: Queryable, id: string): Promise<string[]> {
  const moved = await db.query<{ id: string }>(
    'UPDATE board_notes SET theme_id = NULL, updated_at = now() WHERE theme_id = $1 RETURNING id',
    [id],
  );
  await db.query('UPDATE board_themes SET removed_at = now() WHERE id = $1', [id]);
  return moved.map((r) => r.id);
}
