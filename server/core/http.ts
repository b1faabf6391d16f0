import type { BodyOf, ParamsOf, QueryOf, ReplyInputOf, RouteDef } from '../../shared/http/route.ts';
import type { PublicAddress } from '../../shared/protocol/rest.ts';
import type { Facilitator, Participant } from './identity.ts';

/** The facilitator's session cookie (HttpOnly, SameSite=Lax). */
export const SESSION_COOKIE = 'rt_session';

export type CookieOptions = {
  httpOnly: boolean;
  sameSite: 'lax' | 'strict';
  secure: boolean;
  path: string;
  maxAge?: number;
};

/**
 * What a route's handler gets: the parsed request, the caller its access level guarantees, and
 * the few things a handler may set on the answer. No Express types: features stay transport-free.
 */
export type RouteContext<D extends RouteDef> = {
  params: ParamsOf<D>;
  query: QueryOf<D>;
  body: BodyOf<D>;
  /** Present for `facilitator` and `owner` routes; on public routes, whoever is signed in, if anyone. */
  facilitator: D['access'] extends 'facilitator' | 'owner' ? Facilitator : Facilitator | undefined;
  /** Present for `participant` routes, with the device token it was found by. */
  participant: D['access'] extends 'participant'
    ? { participant: Participant; token: string }
    : undefined;
  /** The caller's network address (honours TRUST_PROXY), for rate limits. */
  clientAddress: string;
  /** The address phones are given: join links, QR codes, e-mails. */
  publicUrl: string;
  /** That address with where it came from (HALL1). */
  publicAddress: PublicAddress;
  cookie(name: string): string | undefined;
  setCookie(name: string, value: string, options: CookieOptions): void;
  clearCookie(name: string, options: { path: string }): void;
  header(name: string, value: string): void;
  /** Another success status than the definition's (a rejoin is 200, a first join 201). */
  status(code: 200 | 201): void;
};

export type RouteHandler<D extends RouteDef> = (ctx: RouteContext<D>) => Promise<ReplyInputOf<D>>;

/** One route's definition with its implementation; features export lists of these. */
export type RouteBinding = { def: RouteDef; run: RouteHandler<RouteDef> };

export function handle<D extends RouteDef>(def: D, run: RouteHandler<D>): RouteBinding {
  return { def, run: run as unknown as RouteHandler<RouteDef> };
}
