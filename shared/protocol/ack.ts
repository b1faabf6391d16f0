import * as z from 'zod/mini';
import { keyedRecord } from '../domain/keyedRecord.ts';
import { ErrorCodeSchema, type ErrorCode } from './errorCodes.ts';
import { FieldIssuesSchema } from './fieldIssues.ts';
import { ReasonSchema } from './reasons.ts';

export { errorCodes, ErrorCodeSchema, type ErrorCode } from './errorCodes.ts';

export const ErrorBodySchema = z.object({
  code: ErrorCodeSchema,
  message: z.string(),
  /** Field-level problems in English, for API readers: path joined with dots, then the message. */
  fields: z.optional(keyedRecord(z.string(), z.string())),
  /** The same problems as codes with their limits (LANG3): what clients translate. */
  issues: z.optional(FieldIssuesSchema),
  retryAfterSeconds: z.optional(z.number()),
  /**
   * Why, as a stable code with parameters (LANG1). A reason this client does not know (a newer
   * server) is dropped rather than failing the whole answer: the coarse code still reads.
   */
  reason: z.catch(z.optional(ReasonSchema), undefined),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

export type Ack<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

export function ackSchema<T extends z.core.$ZodType>(data: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), data }),
    z.object({ ok: z.literal(false), error: ErrorBodySchema }),
  ]);
}

export { fieldErrors, fieldIssues } from './fieldIssues.ts';

/** Codes that mean "not now" rather than "no": a client queue sends the same operation again. */
export const retryableCodes: ReadonlySet<ErrorCode> = new Set(['UNAVAILABLE', 'INTERNAL']);
