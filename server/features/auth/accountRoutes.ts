import { accountApi } from '../../../shared/http/accountRoutes.ts';
import { SESSION_COOKIE, handle, type RouteBinding } from '../../core/http.ts';
import { AppError, refuse } from '../../errors.ts';
import type { AccountService } from './accounts.ts';
import type { FailureLimiter } from './rateLimits.ts';
import { refuseIfLimited, sessionCookieOptions } from './routes.ts';

export function accountRoutes(deps: {
  accounts: AccountService;
  loginLimiter: FailureLimiter;
  secureCookies: boolean;
  sessionDays: number;
}): RouteBinding[] {
  const { accounts } = deps;
  return [
    handle(accountApi.list, () => accounts.list()),
    handle(accountApi.setRole, (ctx) =>
      accounts.setRole(ctx.facilitator, ctx.params.id, ctx.body.role),
    ),
    handle(accountApi.remove, async (ctx) => {
      await accounts.remove(ctx.facilitator, ctx.params.id);
      return undefined;
    }),
    handle(accountApi.createReset, (ctx) =>
      accounts.createReset(ctx.facilitator, ctx.params.id, ctx.publicUrl),
    ),
    handle(accountApi.audit, () => accounts.audit()),

    handle(accountApi.changePassword, async (ctx) => {
      // A session left open on a shared computer must not let someone guess their way to the
      // password: wrong current passwords count like wrong sign-ins (AUTH3).
      const key = `login-email:${ctx.facilitator.email}`;
      await refuseIfLimited(deps.loginLimiter, key);
      const session = ctx.cookie(SESSION_COOKIE);
      if (!session) throw refuse('SIGN_IN');
      try {
        await accounts.changePassword(
          ctx.facilitator,
          session,
          ctx.body.currentPassword,
          ctx.body.newPassword,
        );
      } catch (err) {
        if (err instanceof AppError && err.code === 'UNAUTHENTICATED')
          await deps.loginLimiter.fail(key);
        throw err;
      }
      return undefined;
    }),

    handle(accountApi.forgot, async (ctx) => {
      // Every request counts, found or not: the limit is on asking, not on guessing right.
      const keys = [`forgot-ip:${ctx.clientAddress}`, `forgot-email:${ctx.body.email}`];
      for (const key of keys) await refuseIfLimited(deps.loginLimiter, key);
      for (const key of keys) await deps.loginLimiter.fail(key);
      await accounts.forgotPassword(ctx.body.email, ctx.publicUrl);
      return undefined;
    }),
    handle(accountApi.reset, (ctx) => accounts.resetInfo(ctx.params.token)),
    handle(accountApi.useReset, async (ctx) => {
      const { facilitator, session } = await accounts.useReset(ctx.params.token, ctx.body.password);
      ctx.setCookie(
        SESSION_COOKIE,
        session,
        sessionCookieOptions(deps.secureCookies, deps.sessionDays),
      );
      return facilitator;
    }),
  ];
}
