import { z } from 'zod';

// Control characters (other than tab and newline in long text) have no place in anything a
// person reads aloud from a projector, and some of them reorder or hide text.
// eslint-disable-next-line no-control-regex
const controlChars = /[\u0000-\u0008\u000B-\u001F\u007F\u202A-\u202E\u2066-\u2069]/;
// eslint-disable-next-line no-control-regex
const lineControlChars = /[\u0000-\u001F\u007F\u202A-\u202E\u2066-\u2069]/;

/** A single line of text: trimmed, bounded, no control characters. Empty allowed unless min set. */
export function line(max: number, min = 0) {
  return z
    .string()
    .trim()
    .min(min, min === 1 ? 'Required' : `At least ${min} characters`)
    .max(max, `At most ${max} characters`)
    .refine((s) => !lineControlChars.test(s), 'Contains characters that are not allowed');
}

/** Several lines of text: trimmed, bounded, tabs and newlines allowed. */
export function paragraph(max: number) {
  return z
    .string()
    .trim()
    .max(max, `At most ${max} characters`)
    .refine((s) => !controlChars.test(s), 'Contains characters that are not allowed');
}
