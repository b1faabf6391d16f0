import type { TFunction } from '../../i18n/translator.ts';
import { NOTE_MAX, type BoardMeta, type Theme } from '../../../shared/domain/board.ts';
import type { ProblemBody } from '../../lib/api.ts';
import { problemText } from '../../lib/errors.ts';
import type { Reason } from '../../../shared/protocol/reasons.ts';

/**
 * The board's refusals, in the reader's language: the ones a resident meets most have words that
 * fit a phone; any other reason is said by the app's usual reason text (LANG1).
 */
export function noteProblemText(
  t: TFunction,
  error: {
    code: string;
    message: string;
    retryAfterSeconds?: number;
    issues?: object;
    reason?: Reason;
  },
): string {
  const { code, message, reason } = error;
  switch (reason?.code) {
    case 'BOARD_LOCKED':
    case 'BOARD_LOCKED_FOR_NOTES':
      return t('board.errors.locked');
    case 'BOARD_NOT_OPEN_FOR_NOTES':
      return t('board.errors.notOpen');
    case 'NOTE_NOT_EDITABLE':
      return t('board.errors.noEdit');
    case 'NOTE_CAP_REACHED':
      return t('board.errors.cap', { count: reason.params.cap });
    default:
      break;
  }
  // A note refused by the form check has its text field marked; the only limit on it is length.
  // The screens check it before sending, and say so with no server answer (no issues at all).
  if (code === 'BAD_REQUEST' && (!error.issues || 'text' in error.issues)) {
    return t('board.errors.tooLong', { max: NOTE_MAX });
  }
  if (code === 'WORKSHOP_CLOSED' && !reason) return t('errors.WORKSHOP_CLOSED');
  // Codes stored with a queued note come back as plain strings; unknown ones read as sent.
  return problemText(t, { code: code as ProblemBody['code'], message, reason });
}

/** A note's opening words, for announcements and menus. */
export function shorten(text: string, max = 40): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1).trimEnd()}…`;
}

/** Whether everyone may see the notes: an open board, or a private one after the reveal. */
export function isPublicBoard(meta: BoardMeta | null): boolean {
  return !meta || meta.mode === 'open' || meta.revealed;
}

export type Column<N> = { theme: Theme | null; notes: N[] };

/**
 * Notes in columns: "not sorted yet" first, then each theme in order. Notes of a theme the reader
 * does not know (removed a moment ago) fall into "not sorted yet" rather than vanish.
 */
export function columnsOf<
  N extends { themeId: string | null; position: number; createdAt: string },
>(themes: readonly Theme[], notes: readonly N[]): Column<N>[] {
  const known = new Set(themes.map((th) => th.id));
  const byPlace = (a: N, b: N) =>
    a.position - b.position || (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0);
  const unsorted = notes.filter((n) => n.themeId === null || !known.has(n.themeId));
  return [
    { theme: null, notes: unsorted.sort(byPlace) },
    ...themes.map((theme) => ({
      theme,
      notes: notes.filter((n) => n.themeId === theme.id).sort(byPlace),
    })),
  ];
}

/** Each note counts once, and so does every note merged into it: both authors were heard. */
export function voiceCount(notes: readonly { mergedCount: number }[]): number {
  return notes.reduce((sum, n) => sum + 1 + n.mergedCount, 0);
}
