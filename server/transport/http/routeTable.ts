import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { allRoutes } from '../../../shared/http/routes.ts';
import type { Param, RouteDef } from '../../../shared/http/route.ts';
import type { PublicAddress } from '../../../shared/protocol/rest.ts';
import type { RouteBinding, RouteContext } from '../../core/http.ts';
import type { Facilitator, Participant } from '../../core/identity.ts';
import { notFound, refuse } from '../../errors.ts';
import { clientIp, parseBody, parseCookies } from './helpers.ts';

export type RouteTableDeps = {
  /** The participant a device token belongs to, if any. */
  participantForToken: (token: string) => Promise<Participant | undefined>;
  publicAddress: (req: Request) => PublicAddress;
};

const bearer = /^Bearer ([A-Za-z0-9_-]{20,100})$/;

/**
 * Mounts the route table: every route in shared/http, each with its implementation, and nothing
 * else. Each request is checked in one order: the caller against the route's access (deny by
 * default: a route names who may call it), then the path, query and body against its schemas;
 * the answer is parsed with the reply schema before it leaves, so nothing beyond the schema is
 * ever sent.
 */
export function routeTable(bindings: readonly RouteBinding[], deps: RouteTableDeps): Router {
  const byDef = new Map<RouteDef, RouteBinding>();
  for (const b of bindings) {
    if (byDef.has(b.def)) throw new Error(`Two handlers for ${b.def.method} ${b.def.path}`);
    byDef.set(b.def, b);
  }
  const defs = allRoutes();
  const known = new Set(defs.map((r) => r.def));
  for (const b of bindings) {
    if (!known.has(b.def)) throw new Error(`${b.def.method} ${b.def.path} is not in the table`);
  }

  const router = Router();
  for (const { name, def } of defs) {
    const binding = byDef.get(def);
    if (!binding) throw new Error(`Route ${name} (${def.method} ${def.path}) has no handler`);
    const method = def.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
    router[method](def.path, async (req, res) => {
      const ctx = await contextFor(def, req, res, deps);
      const value = await binding.run(ctx);
      send(def, res, value, ctx);
    });
  }
  return router;
}

async function contextFor(
  def: RouteDef,
  req: Request,
  res: Response,
  deps: RouteTableDeps,
): Promise<RouteContext<RouteDef> & { chosenStatus?: number }> {
  const facilitator = res.locals.facilitator as Facilitator | undefined;
  let participant: { participant: Participant; token: string } | undefined;
  switch (def.access) {
    case 'public':
      break;
    case 'facilitator':
      if (!facilitator) throw refuse('SIGN_IN');
      break;
    case 'owner':
      if (!facilitator) throw refuse('SIGN_IN');
      if (facilitator.role !== 'owner') {
        throw refuse('OWNERS_ONLY');
      }
      break;
    case 'participant': {
      const token = bearer.exec(req.headers.authorization ?? '')?.[1];
      const p = token ? await deps.participantForToken(token) : undefined;
      if (!token || !p) {
        throw refuse('DEVICE_NOT_IN_WORKSHOP');
      }
      participant = { participant: p, token };
      break;
    }
    default: {
      // A definition read from elsewhere with an access level this server does not know.
      const never: never = def.access;
      void never;
      throw refuse('ROLE_NOT_ALLOWED');
    }
  }

  const params: Record<string, unknown> = {};
  for (const [key, param] of Object.entries<Param>(def.params ?? {})) {
    const parsed = z.safeParse(param.schema, req.params[key]);
    if (!parsed.success) throw notFound(param.what);
    params[key] = parsed.data;
  }
  let query: unknown = {};
  if (def.query) {
    const parsed = z.safeParse(def.query, req.query);
    if (!parsed.success) throw refuse('BAD_FILTER');
    query = parsed.data;
  }
  const body = def.body ? parseBody(def.body.schema, req.body) : undefined;

  const cookies = parseCookies(req.headers.cookie);
  const ctx: RouteContext<RouteDef> & { chosenStatus?: number } = {
    params: params as RouteContext<RouteDef>['params'],
    query: query as RouteContext<RouteDef>['query'],
    body: body as RouteContext<RouteDef>['body'],
    facilitator,
    participant: participant as RouteContext<RouteDef>['participant'],
    clientAddress: clientIp(req),
    get publicUrl() {
      return deps.publicAddress(req).url;
    },
    get publicAddress() {
      return deps.publicAddress(req);
    },
    cookie: (name) => cookies[name],
    setCookie: (name, value, options) => void res.cookie(name, value, options),
    clearCookie: (name, options) => void res.clearCookie(name, options),
    header: (name, value) => void res.set(name, value),
    status: (code) => {
      ctx.chosenStatus = code;
    },
  };
  return ctx;
}

function send(def: RouteDef, res: Response, value: unknown, ctx: { chosenStatus?: number }): void {
  const reply = def.reply;
  if (reply.status === 204) {
    res.status(204).end();
    return;
  }
  const status = ctx.chosenStatus ?? reply.status;
  if ('json' in reply) {
    res.status(status).json(checked(reply.json, value));
    return;
  }
  if (!res.get('Content-Type')) res.type(reply.media);
  res.status(status).send(typeof value === 'string' ? value : Buffer.from(value as Uint8Array));
}

/**
 * The answer as its schema describes it: unknown keys are dropped, so a field added to a row
 * does not reach a client until the contract says so. A mismatch is the server's bug.
 */
function checked(schema: z.core.$ZodType, value: unknown): unknown {
  const parsed = z.safeParse(schema, value);
  if (!parsed.success) {
    throw new Error(`Answer does not match its schema: ${parsed.error.message}`);
  }
  return parsed.data;
}
