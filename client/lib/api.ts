import { ErrorBodySchema, type ErrorCode } from '../../shared/protocol/ack.ts';

/** Codes the client adds for failures that never reached the server or came back unreadable. */
export type ClientErrorCode = ErrorCode | 'NETWORK' | 'TIMEOUT' | 'BAD_RESPONSE' | 'OFFLINE';

export type ProblemBody = {
  code: ClientErrorCode;
  message: string;
  fields?: Record<string, string>;
  retryAfterSeconds?: number;
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

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/**
 * The only way the client calls the REST API. Responses are typed by the caller from
 * shared/protocol/rest.ts; errors always arrive as an ApiError carrying the server's error body.
 */
export async function api<T>(method: Method, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    throw new ApiError(0, {
      code: 'NETWORK',
      message: err instanceof Error ? err.message : 'Network error',
    });
  }

  if (res.status === 204) return undefined as T;

  let payload: unknown;
  try {
    payload = await res.json();
  } catch {
    payload = null;
  }

  if (!res.ok) {
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
  if (payload === null) {
    throw new ApiError(res.status, { code: 'BAD_RESPONSE', message: 'Unreadable response' });
  }
  return payload as T;
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
