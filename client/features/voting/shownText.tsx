import { createContext, useContext } from 'react';
import type { Results } from '../../../shared/domain/voting.ts';
import type { RoomState } from '../../../shared/domain/workshop.ts';
import type { VoteView } from '../../../shared/protocol/voting.ts';
import { say } from '../../lib/facilitatorText.ts';

type Book = RoomState['workshop'];

/**
 * A phone shows vote options in its reader's language where the facilitator gave it (LANG11).
 * The view and results are translated once, where they arrive, so every sentence that names an
 * option (cards, buttons' names, announcements, receipts, results) says the same words.
 */
export function translateView(view: VoteView, book: Book | null, reader: string): VoteView {
  return {
    ...view,
    options: view.options.map((o) => ({ ...o, label: say(o.label, book, reader).text })),
  };
}

export function translateResults(results: Results, book: Book | null, reader: string): Results {
  return {
    ...results,
    rows: results.rows.map((r) => ({ ...r, label: say(r.label, book, reader).text })),
  };
}

const Shown = createContext<{ book: Book | null; reader: string }>({ book: null, reader: '' });
export const ShownTextProvider = Shown.Provider;

/**
 * The `lang` of an option label as shown: none where it is the reader's translation or the
 * workshop is in the reader's language, the workshop's language otherwise (WCAG 3.1.2). Outside
 * a phone's vote (the console, the projector) there is no phrasebook and it says nothing.
 */
export function useLabelLang(): (shown: string) => string | undefined {
  const { book, reader } = useContext(Shown);
  return labelLangIn(book, reader);
}

export function labelLangIn(
  book: Book | null,
  reader: string,
): (shown: string) => string | undefined {
  return (shown) => {
    if (!book || book.language === reader) return undefined;
    const phrases = book.translations[reader as keyof Book['translations']];
    return phrases && Object.values(phrases).includes(shown) ? undefined : book.language;
  };
}
