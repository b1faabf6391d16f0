import type { RoomState } from '../../shared/domain/workshop.ts';

/** A facilitator's text as one reader sees it, and the language it is in (LANG11). */
export type Said = { text: string; lang: string };

export type Book = Pick<RoomState['workshop'], 'language' | 'translations'>;

/**
 * The reader's translation of a facilitator's text where the phrasebook has its exact words, the
 * original otherwise: an original edited since its translation misses and shows as written.
 */
export function say(text: string, book: Book | null | undefined, reader: string): Said {
  const phrases = book?.translations[reader as keyof Book['translations']];
  // Own keys only: a vote option called "constructor" must not find Object's.
  if (phrases && Object.hasOwn(phrases, text)) return { text: phrases[text]!, lang: reader };
  return { text, lang: book?.language ?? reader };
}

/** The `lang` an element needs: only where the text is not in the page's language (WCAG 3.1.2). */
export function langOf(said: Said, reader: string): string | undefined {
  return said.lang !== reader ? said.lang : undefined;
}

/** An element's words and `lang` for a facilitator's text: `<h2 dir="auto" {...written(…)} />`. */
export function written(
  text: string,
  book: Book | null | undefined,
  reader: string,
): { children: string; lang: string | undefined } {
  const said = say(text, book, reader);
  return { children: said.text, lang: langOf(said, reader) };
}
