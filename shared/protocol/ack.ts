import { z } from 'zod';
import { keyedRecord } from '../domain/keyedRecord.ts';

/** Every error a command or REST call can answer with. Clients switch on `code`, show `message`. */
export const errorCodes = [
  'BAD_REQUEST',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'WORKSHOP_CLOSED',
  'WORKSHOP_NOT_OPEN',
  'RATE_LIMITED',
  'PROTOCOL_MISMATCH',
  'PAYLOAD_TOO_LARGE',
  'UNKNOWN_COMMAND',
  /** A workshop closed, but its outcome snapshot could not be saved (SEC12). */
  'OUTCOME_NOT_SAVED',
  'INTERNAL',
  /**
   * The server cannot do it now for a reason that is nobody's fault and passes (its database is
   * unreachable): send the same operation again, with the same id, until it is accepted or
   * refused for a reason. (DUR2)
   */
  'UNAVAILABLE',
] as const;
export const ErrorCodeSchema = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const ErrorBodySchema = z.object({
  code: ErrorCodeSchema,
  message: z.string(),
  /** Field-level problems, for forms: path joined with dots, then the message. */
  fields: keyedRecord(z.string(), z.string()).optional(),
  retryAfterSeconds: z.number().optional(),
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
