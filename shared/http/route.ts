import * as z from 'zod/mini';
import type { Thing } from '../protocol/reasons.ts';
import { thingEnglish } from '../protocol/reasons/english/common.ts';

/**
 * The REST API as data: every route is defined once here, with who may call it and the schemas
 * of its path, query, body and answer. The server mounts exactly these (nothing else answers
 * under /api), the OpenAPI document is generated from them, and the client builds its requests
 * and parses the answers with the same definitions.
 */

/**
 * Who may call a route. There is no default: a route that forgets to say is a type error, and
 * the server refuses every caller the route does not name.
 * - public: anyone, signed in or not;
 * - participant: a phone that joined, by its device token (`Authorization: Bearer <token>`);
 * - facilitator: a signed-in facilitator (the session cookie);
 * - owner: a signed-in facilitator whose role is owner (AUTH6); other facilitators get 403.
 */
export type Access = 'public' | 'participant' | 'facilitator' | 'owner';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A path parameter: its schema, and the thing a malformed one is "not found" as. */
export type Param = { schema: z.core.$ZodType; what: Thing; description: string };

export const uuidParam = (what: Thing, description = `The ${thingEnglish[what].toLowerCase()}`) =>
  ({ schema: z.uuid(), what, description }) satisfies Param;

export const textParam = (what: Thing, max: number, description: string) =>
  ({
    schema: z.string().check(z.minLength(1), z.maxLength(max)),
    what,
    description,
  }) satisfies Param;

/**
 * What a route answers when it succeeds: JSON checked against a schema, no content, or a file
 * of a media type (CSV, SVG, iCalendar, zip).
 */
export type Reply =
  | { status: 200 | 201; json: z.core.$ZodType; name: string; description: string }
  | { status: 204; description: string }
  | { status: 200; media: string; description: string };

export type RouteDef = {
  method: Method;
  /** Under /api, Express style: `/records/:id`. */
  path: string;
  access: Access;
  tag: string;
  summary: string;
  description?: string;
  params?: Record<string, Param>;
  query?: z.core.$ZodObject;
  /** Request body; its name is the OpenAPI component's. */
  body?: { schema: z.core.$ZodType; name: string };
  reply: Reply;
};

export function route<const D extends RouteDef>(def: D): D {
  return def;
}

/** The parsed values a handler receives, typed from the definition. */
export type ParamsOf<D extends RouteDef> =
  D['params'] extends Record<string, Param>
    ? { [K in keyof D['params']]: z.output<D['params'][K]['schema']> }
    : Record<string, never>;
export type QueryOf<D extends RouteDef> = D['query'] extends z.core.$ZodObject
  ? z.output<D['query']>
  : Record<string, never>;
export type QueryInputOf<D extends RouteDef> = D['query'] extends z.core.$ZodObject
  ? z.input<D['query']>
  : undefined;
export type BodyOf<D extends RouteDef> = D['body'] extends { schema: z.core.$ZodType }
  ? z.output<D['body']['schema']>
  : undefined;
export type BodyInputOf<D extends RouteDef> = D['body'] extends { schema: z.core.$ZodType }
  ? z.input<D['body']['schema']>
  : undefined;
/** What the handler returns and the client receives. */
export type ReplyOf<D extends RouteDef> = D['reply'] extends { json: z.core.$ZodType }
  ? z.output<D['reply']['json']>
  : D['reply'] extends { media: string }
    ? string | Uint8Array
    : undefined;
export type ReplyInputOf<D extends RouteDef> = D['reply'] extends { json: z.core.$ZodType }
  ? z.input<D['reply']['json']>
  : D['reply'] extends { media: string }
    ? string | Uint8Array
    : undefined;

/** Path parameters as the caller gives them (numbers allowed where the schema coerces). */
export type ParamsInputOf<D extends RouteDef> =
  D['params'] extends Record<string, Param>
    ? { [K in keyof D['params']]: string | number }
    : undefined;

/** The URL of a route with its parameters filled in, each one escaped. */
export function urlOf(
  def: Pick<RouteDef, 'path'>,
  params?: Record<string, string | number>,
  query?: Record<string, string | number | boolean | undefined | null>,
): string {
  const path = def.path.replace(/:(\w+)/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined) throw new Error(`${def.path} needs ${name}`);
    return encodeURIComponent(String(value));
  });
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined && v !== null && v !== '') search.set(k, String(v));
  }
  const qs = search.toString();
  return `/api${path}${qs ? `?${qs}` : ''}`;
}
