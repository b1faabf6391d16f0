import type { NextFunction, Request, Response } from 'express';
import type { z } from 'zod';
import { fieldErrors } from '../../../shared/protocol/ack.ts';
import type { Facilitator } from '../../../shared/protocol/rest.ts';
import { AppError } from '../../errors.ts';

export const SESSION_COOKIE = 'rt_session';

/** Parses a request body with its shared schema; a failure names every bad field. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    throw new AppError('BAD_REQUEST', 'Some fields need attention', {
      fields: fieldErrors(result.error),
    });
  }
  return result.data;
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 1) continue;
    const name = part.slice(0, eq).trim();
    const raw = part.slice(eq + 1).trim();
    try {
      out[name] = decodeURIComponent(raw);
    } catch {
      // A malformed cookie from some other app on this host is not ours to fail on.
      out[name] = raw;
    }
  }
  return out;
}

export function sessionCookieOptions(secure: boolean, days: number) {
  return {
    httpOnly: true,
    sameSite: 'lax' as const,
    secure,
    path: '/',
    maxAge: days * 24 * 60 * 60 * 1000,
  };
}

/** The facilitator resolved by the auth middleware, or a 401. */
export function facilitatorOf(res: Response): Facilitator {
  const f = res.locals.facilitator as Facilitator | undefined;
  if (!f) throw new AppError('UNAUTHENTICATED', 'Please sign in');
  return f;
}

export function requireFacilitator(_req: Request, res: Response, next: NextFunction) {
  facilitatorOf(res);
  next();
}

/** The address used for rate limits; honours TRUST_PROXY through Express's `req.ip`. */
export function clientIp(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}
