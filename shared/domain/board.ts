import * as z from 'zod/mini';
import { line, paragraph } from './text.ts';
import { checkSentences } from './checkSentences.ts';

export const NOTE_MAX = 280;
export const THEME_NAME_MAX = 80;
export const HIDE_REASON_MAX = 200;

/** Note text: any script and emoji, up to 280 characters, newlines allowed. (BOARD1) */
export const NoteTextSchema = paragraph(NOTE_MAX).check(
  z.refine((s) => s.length > 0, checkSentences.writeNote),
);
export const ThemeNameSchema = line(THEME_NAME_MAX, 1);
export const HideReasonSchema = line(HIDE_REASON_MAX, 1);

export const BoardModeSchema = z.enum(['open', 'private']);
export type BoardMode = z.infer<typeof BoardModeSchema>;

/** Name of the Yjs document of a board: one document per board activity. */
export function boardDocName(activityId: string): string {
  return `board:${activityId}`;
}

/**
 * A note as everyone may see it, written by the server into the board's Yjs document (map
 * `notes`, keyed by id). It never says which participant wrote it: only the group, and the name
 * if the author chose to show it.
 */
export const PublicNoteSchema = z.object({
  id: z.uuid(),
  text: z.string(),
  groupKey: z.string(),
  authorName: z.nullable(z.string()),
  /** Typed by a facilitator for someone writing on paper or speaking. */
  assisted: z.boolean(),
  themeId: z.nullable(z.uuid()),
  position: z.int(),
  /** Notes merged into this one (near-duplicates); each of their authors still counts. */
  mergedCount: z.int(),
  createdAt: z.string(),
});
export type PublicNote = z.infer<typeof PublicNoteSchema>;

export const ThemeSchema = z.object({ id: z.uuid(), name: z.string(), position: z.int() });
export type Theme = z.infer<typeof ThemeSchema>;

/** Board settings and state, in the document's `meta` map and in command results. */
export const BoardMetaSchema = z.object({
  mode: BoardModeSchema,
  revealed: z.boolean(),
  locked: z.boolean(),
  allowAsync: z.boolean(),
});
export type BoardMeta = z.infer<typeof BoardMetaSchema>;

/** A note as its author (or a facilitator) sees it, with its moderation state. */
export const OwnNoteSchema = z.extend(PublicNoteSchema, {
  status: z.enum(['visible', 'withdrawn', 'hidden']),
  hiddenReason: z.nullable(z.string()),
  mergedInto: z.nullable(z.uuid()),
});
export type OwnNote = z.infer<typeof OwnNoteSchema>;

export const BoardViewSchema = z.object({
  activityId: z.uuid(),
  meta: BoardMetaSchema,
  themes: z.array(ThemeSchema),
  notes: z.array(OwnNoteSchema),
});
export type BoardView = z.infer<typeof BoardViewSchema>;

export const ModerationEntrySchema = z.object({
  noteId: z.uuid(),
  action: z.enum(['hide', 'unhide']),
  reason: z.string(),
  by: z.string(),
  at: z.string(),
  noteText: z.string(),
});
export type ModerationEntry = z.infer<typeof ModerationEntrySchema>;
