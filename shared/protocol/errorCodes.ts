import * as z from 'zod/mini';

/**
 * Every error a command or REST call can answer with. Clients switch on `code`; a refusal also
 * says why in `reason`, which the client translates. `message` is the same in English, for logs.
 */
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
