import * as z from 'zod/mini';
import { checkSentences } from './checkSentences.ts';

// Control characters (other than tab and newline in long text) have no place in anything a
// person reads aloud from a projector, and some of them reorder or hide text.
// eslint-disable-next-line no-control-regex
const controlChars = /[\u0000-\u0008\u000B-\u001F\u007F\u202A-\u202E\u2066-\u2069]/;
// eslint-disable-next-line no-control-regex
const lineControlChars = /[\u0000-\u001F\u007F\u202A-\u202E\u2066-\u2069]/;
// Half of a surrogate pair on its own is not a character: PGlite refuses it, a PostgreSQL server
// stores U+FFFD, so it is refused here, the same for both (SEC13). With the u flag a whole pair
// (an emoji) is one code point and does not match.
const loneSurrogate = /[\uD800-\uDFFF]/u;

/** Whether text is well formed and free of characters the database cannot store (SEC13). */
export function storable(s: string): boolean {
  return !loneSurrogate.test(s) && !s.includes('\u0000');
}

/**
 * Text the database can store, whatever it came from: a NUL or half a surrogate pair becomes
 * U+FFFD. For what no schema checked, such as a shared tablecloth's words (SEC12).
 */
export function toStorable(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000\uD800-\uDFFF]/gu, '\uFFFD');
}

/** `toStorable` applied to every string value in a JSON value (keys are ids and group keys). */
export function storableJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value), (_key, v: unknown) =>
    typeof v === 'string' ? toStorable(v) : v,
  ) as T;
}

/** A single line of text: trimmed, bounded, no control characters. Empty allowed unless min set. */
export function line(max: number, min = 0) {
  return z.string().check(
    z.trim(),
    z.minLength(min, min === 1 ? checkSentences.required : `At least ${min} characters`),
    z.maxLength(max, `At most ${max} characters`),
    z.refine((s) => !lineControlChars.test(s) && storable(s), checkSentences.badCharacters),
  );
}

/** Several lines of text: trimmed, bounded, tabs and newlines allowed. */
export function paragraph(max: number) {
  return z.string().check(
    z.trim(),
    z.maxLength(max, `At most ${max} characters`),
    z.refine((s) => !controlChars.test(s) && storable(s), checkSentences.badCharacters),
  );
}
