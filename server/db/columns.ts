import { z } from 'zod';

/**
 * Column schemas for the values whose JavaScript form depends on the driver or the column type,
 * so a store's row schema says what a column is once instead of converting it at every read.
 * Both drivers are covered here rather than by casts at the call sites.
 */

/**
 * A json/jsonb column, checked against `schema`. Both drivers parse jsonb, but a value that went
 * through a text cast or a driver without that type parser arrives as text; both are accepted.
 */
export function jsonb<S extends z.core.$ZodType>(schema: S) {
  return z.preprocess((v, ctx) => {
    if (typeof v !== 'string') return v;
    try {
      return JSON.parse(v) as unknown;
    } catch {
      // An issue rather than the SyntaxError, whose message would quote the stored text.
      ctx.addIssue({ code: 'custom', message: 'Not JSON' });
      return z.NEVER;
    }
  }, schema);
}

/** A timestamptz: pg and PGlite give a Date; a text cast gives the server's text form. */
export const timestamp = z.union([z.date(), z.string()]).transform((v, ctx) => {
  const d = v instanceof Date ? v : new Date(v);
  if (Number.isNaN(d.getTime())) {
    ctx.addIssue({ code: 'custom', message: 'Invalid timestamp' });
    return z.NEVER;
  }
  return d;
});

/** A timestamptz as the ISO 8601 string the protocol carries. */
export const isoTimestamp = timestamp.transform((d) => d.toISOString());

/**
 * int8 (bigserial ids, bigint columns, a bare count(*)): our pg type parser and PGlite give a
 * number; a pg without that parser gives a string. The values we store fit in a double.
 */
export const int8 = z
  .union([z.number(), z.string().regex(/^-?\d+$/), z.bigint()])
  .transform((v) => Number(v))
  .pipe(z.number().int());

/** numeric arrives as a string from both drivers (it can exceed a double); ours are small. */
export const numeric = z
  .union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/)])
  .transform((v) => Number(v));

/**
 * bytea: pg gives a Buffer, PGlite a Uint8Array; callers (Yjs) get a plain Uint8Array view of the
 * same memory either way.
 */
export const bytea = z
  .instanceof(Uint8Array)
  .transform((v) => new Uint8Array(v.buffer, v.byteOffset, v.byteLength));

/**
 * A `date` as "2026-12-01". pg turns a date into a Date at local midnight, so its local fields
 * are the date; PGlite and a text cast give the text itself.
 */
export const date = z.union([z.date(), z.string()]).transform((v) => {
  if (typeof v === 'string') return v.slice(0, 10);
  const y = v.getFullYear();
  const m = String(v.getMonth() + 1).padStart(2, '0');
  const d = String(v.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
});
