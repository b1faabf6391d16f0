import type { ErrorBody, ErrorCode } from '../shared/protocol/ack.ts';
import type { Reason, ReasonCode, ReasonParams, Thing } from '../shared/protocol/reasons.ts';
import { englishOf, errorCodeOf } from '../shared/protocol/reasons/english/index.ts';

type Extra = Omit<ErrorBody, 'code' | 'message' | 'reason'>;

/** An error meant for the client: its code and message are safe to send as they are. */
export class AppError extends Error {
  readonly reason: Reason | undefined;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: Extra = {},
    reason?: Reason,
  ) {
    super(message);
    this.reason = reason;
  }

  toBody(): ErrorBody {
    const body: ErrorBody = { code: this.code, message: this.message, ...this.extra };
    if (this.reason) body.reason = this.reason;
    return body;
  }
}

type RefuseArgs<C extends ReasonCode> =
  Record<never, never> extends ReasonParams<C>
    ? [params?: ReasonParams<C>, extra?: Extra]
    : [params: ReasonParams<C>, extra?: Extra];

/**
 * A refusal with its reason (LANG1): the coarse code and English message follow from the reason,
 * so the code a client translates and the words a log shows cannot drift apart.
 */
export function refuse<C extends ReasonCode>(code: C, ...[params, extra]: RefuseArgs<C>): AppError {
  // The parameters were checked against this code's own schema by RefuseArgs.
  return refuseWith({ code, params: params ?? {} } as Reason, extra);
}

/** A refusal for a reason worked out elsewhere (a shared rule that returns why). */
export function refuseWith(reason: Reason, extra?: Extra): AppError {
  return new AppError(errorCodeOf(reason), englishOf(reason), extra, reason);
}

/** The body of a refusal sent without throwing (the socket dispatcher's own answers). */
export function refusalBody<C extends ReasonCode>(code: C, ...args: RefuseArgs<C>): ErrorBody {
  return refuse(code, ...args).toBody();
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

export const notFound = (thing: Thing) => refuse('NOT_FOUND', { thing });
