import { authApi } from '../../../shared/http/authRoutes.ts';
import { SESSION_COOKIE, handle, type RouteBinding, type RouteContext } from '../../core/http.ts';
import type { RouteDef } from '../../../shared/http/route.ts';
import { AppError, refuse } from '../../errors.ts';
import type { FailureLimiter } from './rateLimits.ts';
import type { AuthService } from './service.ts';

export function sessionCookieOptions(secure: boolean, days: number) {
  return {
    httpOnly: true,
    sameSite: 'lax' as const,
    secure,
    path: '/',
    maxAge: days * 24 * 60 * 60 * 1000,
  };
}

export function authRoutes(deps: {
  auth: AuthService;
  loginLimiter: FailureLimiter;
  secureCookies: boolean;
  sessionDays: number;
}): RouteBinding[] {
  const { auth } = deps;
  const setSession = <D extends RouteDef>(ctx: RouteContext<D>, token: string) =>
    ctx.setCookie(
      SESSION_COOKIE,
      token,
      sessionCookieOptions(deps.secureCookies, deps.sessionDays),
    );

  return [
    handle(authApi.instance, () => auth.instanceInfo()),

    handle(authApi.setup, async (ctx) => {
      const key = `setup:${ctx.clientAddress}`;
      await refuseIfLimited(deps.loginLimiter, key);
      try {
        const { facilitator, session } = await auth.setup(ctx.body);
        setSession(ctx, session);
        return facilitator;
      } catch (err) {
        if (err instanceof AppError && err.code === 'FORBIDDEN') await deps.loginLimiter.fail(key);
        throw err;
      }
    }),

    handle(authApi.login, async (ctx) => {
      const input = ctx.body;
      // Counted per address and per account: one guesser cannot try many accounts, and many
      // addresses cannot hammer one account.
      const keys = [`login-ip:${ctx.clientAddress}`, `login-email:${input.email}`];
      for (const key of keys) await refuseIfLimited(deps.loginLimiter, key);
      try {
        const { facilitator, session } = await auth.login(input);
        await deps.loginLimiter.succeed(`login-email:${input.email}`);
        setSession(ctx, session);
        return facilitator;
      } catch (err) {
        if (err instanceof AppError && err.code === 'UNAUTHENTICATED') {
          for (const key of keys) await deps.loginLimiter.fail(key);
        }
        throw err;
      }
    }),

    handle(authApi.logout, async (ctx) => {
      const token = ctx.cookie(SESSION_COOKIE);
      if (token) await auth.logout(token);
      ctx.clearCookie(SESSION_COOKIE, { path: '/' });
      return undefined;
    }),

    handle(authApi.me, async (ctx) => ctx.facilitator),

    handle(authApi.createInvite, async (ctx) => {
      const invite = await auth.createInvite(ctx.facilitator.id);
      return { ...invite, url: `${ctx.publicUrl}/invite/${invite.token}` };
    }),

    handle(authApi.invite, (ctx) => auth.inviteInfo(ctx.params.token)),

    handle(authApi.acceptInvite, async (ctx) => {
      const { facilitator, session } = await auth.acceptInvite(ctx.params.token, ctx.body);
      setSession(ctx, session);
      return facilitator;
    }),
  ];
}

export async function refuseIfLimited(limiter: FailureLimiter, key: string) {
  const verdict = await limiter.check(key);
  if (verdict.refused) {
    throw refuse(
      'TOO_MANY_FAILED_ATTEMPTS',
      {},
      {
        retryAfterSeconds: verdict.retryAfterSeconds,
      },
    );
  }
}
