import type { ErrorBody, ErrorCode } from '../shared/protocol/ack.ts';

/** An error meant for the client: its code and message are safe to send as they are. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: Omit<ErrorBody, 'code' | 'message'> = {},
  ) {
    super(message);
  }

  toBody(): ErrorBody {
    return { code: this.code, message: this.message, ...this.extra };
  }
}

const httpStatus: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  WORKSHOP_CLOSED: 409,
  WORKSHOP_NOT_OPEN: 409,
  RATE_LIMITED: 429,
  PROTOCOL_MISMATCH: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNKNOWN_COMMAND: 400,
  // The close happened; what failed is the server's own save.
  OUTCOME_NOT_SAVED: 500,
  INTERNAL: 500,
  UNAVAILABLE: 503,
};

export function statusOf(code: ErrorCode): number {
  return httpStatus[code];
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);
