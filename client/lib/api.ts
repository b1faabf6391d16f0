import * as z from 'zod/mini';
import {
  urlOf,
  type BodyInputOf,
  type Method,
  type Param,
  type ParamsInputOf,
  type QueryInputOf,
  type Reply,
  type ReplyOf,
  type RouteDef,
} from '../../shared/http/route.ts';
import { ErrorBodySchema, type ErrorCode } from '../../shared/protocol/ack.ts';
import type { FieldIssue } from '../../shared/protocol/fieldIssues.ts';
import type { Reason } from '../../shared/protocol/reasons.ts';

/** Codes the client adds for failures that never reached the server or came back unreadable. */
export type ClientErrorCode = ErrorCode | 'NETWORK' | 'TIMEOUT' | 'BAD_RESPONSE' | 'OFFLINE';

export type ProblemBody = {
  code: ClientErrorCode;
  message: string;
  /** Field problems as codes (LANG3); the server's English `fields` are left to API readers. */
  issues?: Record<string, FieldIssue>;
  retryAfterSeconds?: number;
  /** Why, as a code the client translates (LANG1); absent for failures the client made up. */
  reason?: Reason;
};

export class ApiError extends Error {
  readonly status: number;
  readonly body: ProblemBody;

  constructor(status: number, body: ProblemBody) {
    super(body.message);
    this.name = 'ApiError';
    this.status = status;
    this.body = body;
  }

  get code(): ClientErrorCode {
    return this.body.code;
  }
}

export function asProblem(err: unknown): ProblemBody {
  if (err instanceof ApiError) return err.body;
  return { code: 'NETWORK', message: err instanceof Error ? err.message : String(err) };
}

/** What a call needs besides the route: its path parameters, query, body, and device token. */
export type CallArgs<D extends RouteDef> = (D['params'] extends Record<string, Param>
  ? { params: ParamsInputOf<D> }
  : { params?: undefined }) &
  (D['body'] extends { schema: unknown } ? { body: BodyInputOf<D> } : { body?: undefined }) &
  // Query values travel as text whatever their schema; the server checks them (a filter typed into
  // the address bar is sent as typed and refused there if it is not one).
  (D['query'] extends object
    ? { query?: Partial<Record<keyof QueryInputOf<D>, string | number | boolean>> }
    : { query?: undefined }) &
  // A participant route is called with the phone's device token, sent as a bearer token.
  (D['access'] extends 'participant' ? { token: string } : { token?: undefined });

type Rest<D extends RouteDef> =
  object extends CallArgs<D> ? [args?: CallArgs<D>] : [args: CallArgs<D>];

/**
 * The only way the client calls the REST API: by the route's shared definition, so the URL is
 * built from its path, and a JSON answer is parsed with the route's own reply schema (an answer
 * that does not match is a BAD_RESPONSE, never a wrongly typed value). Errors always arrive as an
 * ApiError carrying the server's error body.
 */
export async function call<const D extends RouteDef>(
  def: D,
  ...[args]: Rest<D>
): Promise<ReplyOf<D>> {
  const a: {
    params?: Record<string, string | number>;
    query?: object;
    body?: unknown;
    token?: string;
  } = args ?? {};
  const url = urlOf(
    def,
    a.params,
    a.query as Record<string, string | number | boolean | undefined>,
  );
  const res = await send(def.method, url, a.body, a.token);
  const reply: Reply = def.reply;
  if ('media' in reply) return (await res.text()) as ReplyOf<D>;
  if (!('json' in reply)) return undefined as ReplyOf<D>;
  const payload: unknown = await res.json().catch(() => undefined);
  const parsed = z.safeParse(reply.json, payload);
  if (!parsed.success) {
    throw new ApiError(res.status, { code: 'BAD_RESPONSE', message: 'Unreadable response' });
  }
  return parsed.data as ReplyOf<D>;
}

/** Sends one request; anything but a 2xx comes back as an ApiError. */
async function send(method: Method, url: string, body: unknown, token?: string): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(token === undefined ? {} : { Authorization: `Bearer ${token}` }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    throw new ApiError(0, {
      code: 'NETWORK',
      message: err instanceof Error ? err.message : 'Network error',
    });
  }
  if (res.ok) return res;

  const payload: unknown = await res.json().catch(() => null);
  const parsed = ErrorBodySchema.safeParse(
    typeof payload === 'object' && payload !== null && 'error' in payload
      ? payload.error
      : undefined,
  );
  if (parsed.success) throw new ApiError(res.status, parsed.data);
  const retryAfter = Number(res.headers.get('Retry-After'));
  throw new ApiError(res.status, {
    code: statusCode(res.status),
    message: res.statusText || `HTTP ${res.status}`,
    ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
  });
}

function statusCode(status: number): ClientErrorCode {
  if (status === 400) return 'BAD_REQUEST';
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'CONFLICT';
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 429) return 'RATE_LIMITED';
  return 'INTERNAL';
}
