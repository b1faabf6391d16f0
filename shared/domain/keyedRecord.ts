import * as z from 'zod/mini';
import { checkSentences } from './checkSentences.ts';

/**
 * Keys that name object internals. zod drops a `__proto__` key without a word and keeps
 * `constructor` and `prototype` as ordinary keys; either way a map a client chose the keys of
 * would be stored other than it was sent (SEC8), so such a map is refused whole.
 */
export const INTERNAL_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

const internal = new Set(INTERNAL_KEYS);

/**
 * The only way a shared schema takes a map keyed by strings (SEC8): a record whose keys may not
 * name object internals. The raw input is checked before zod copies it, since zod's copy has
 * already lost `__proto__`.
 */
export function keyedRecord<K extends z.core.$ZodRecordKey, V extends z.core.$ZodType>(
  key: K,
  value: V,
) {
  return z.pipe(z.transform(refuseInternalKeys), z.record(key, value));
}

/** The same for a map that may leave out some of its keys (an enum's, say). */
export function keyedPartialRecord<K extends z.core.$ZodRecordKey, V extends z.core.$ZodType>(
  key: K,
  value: V,
) {
  return z.pipe(z.transform(refuseInternalKeys), z.partialRecord(key, value));
}

function refuseInternalKeys(input: unknown, payload: z.core.ParsePayload): unknown {
  if (input !== null && typeof input === 'object' && !Array.isArray(input)) {
    for (const k of Object.keys(input)) {
      if (internal.has(k)) {
        payload.issues.push({
          code: 'custom',
          message: checkSentences.keyNotAllowed,
          path: [k],
          input,
        });
      }
    }
  }
  return input;
}
