import { z } from 'zod';
import { keyedRecord } from '../domain/keyedRecord.ts';
import { ErrorCodeSchema, type ErrorCode } from './errorCodes.ts';
import { ReasonSchema } from './reasons.ts';

export { errorCodes, ErrorCodeSchema, type ErrorCode } from './errorCodes.ts';

export const ErrorBodySchema = z.object({
  code: ErrorCodeSchema,
  message: z.string(),
  /** Field-level problems, for forms: path joined with dots, then the message. */
  fields: keyedRecord(z.string(), z.string()).optional(),
  retryAfterSeconds: z.number().optional(),
  /**
   * Why, as a stable code with parameters (LANG1). A reason this client does not know (a newer
   * server) is dropped rather than failing the whole answer: the coarse code still reads.
   */
  reason: ReasonSchema.optional().catch(undefined),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

export type Ack<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

export function ackSchema<T extends z.ZodType>(data: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), data }),
    z.object({ ok: z.literal(false), error: ErrorBodySchema }),
  ]);
}

/** Turns zod issues into `{ "agenda.2.title": "Too long" }` so a form can mark the field. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || '_';
    if (!(key in out)) out[key] = issue.message;
  }
  return out;
}

/** Codes that mean "not now" rather than "no": a client queue sends the same operation again. */
export const retryableCodes: ReadonlySet<ErrorCode> = new Set(['UNAVAILABLE', 'INTERNAL']);
