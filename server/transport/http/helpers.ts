import type { Request } from 'express';
import { z } from 'zod';
import { fieldErrors, fieldIssues } from '../../../shared/protocol/fieldIssues.ts';
import { refuse } from '../../errors.ts';

/** Parses a request body with its shared schema; a failure names every bad field. */
export function parseBody<S extends z.core.$ZodType>(schema: S, body: unknown): z.output<S> {
  const result = z.safeParse(schema, body ?? {});
  if (!result.success) {
    throw refuse(
      'FIELDS_NEED_ATTENTION',
      {},
      {
        fields: fieldErrors(result.error),
        issues: fieldIssues(result.error),
      },
    );
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

/** The address used for rate limits; honours TRUST_PROXY through Express's `req.ip`. */
export function clientIp(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}
