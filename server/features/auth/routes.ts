import { Router, type Request, type Response } from 'express';
import { AcceptInviteSchema, LoginSchema, SetupSchema } from '../../../shared/protocol/rest.ts';
import { AppError } from '../../errors.ts';
import type { FailureLimiter } from './rateLimits.ts';
import type { AuthService } from './service.ts';
import {
  SESSION_COOKIE,
  clientIp,
  facilitatorOf,
  parseBody,
  parseCookies,
  requireFacilitator,
  sessionCookieOptions,
} from '../../transport/http/helpers.ts';

export function authRoutes(deps: {
  auth: AuthService;
  loginLimiter: FailureLimiter;
  publicUrl: (req: Request) => string;
  secureCookies: boolean;
  sessionDays: number;
}): Router {
  const { auth } = deps;
  const r = Router();
  const setSession = (res: Response, token: string) =>
    res.cookie(SESSION_COOKIE, token, sessionCookieOptions(deps.secureCookies, deps.sessionDays));

  r.get('/instance', async (_req, res) => {
    res.json(await auth.instanceInfo());
  });

  r.post('/setup', async (req, res) => {
    const key = `setup:${clientIp(req)}`;
    await refuseIfLimited(deps.loginLimiter, key);
    const input = parseBody(SetupSchema, req.body);
    try {
      const { facilitator, session } = await auth.setup(input);
      setSession(res, session);
      res.status(201).json(facilitator);
    } catch (err) {
      if (err instanceof AppError && err.code === 'FORBIDDEN') await deps.loginLimiter.fail(key);
      throw err;
    }
  });

  r.post('/auth/login', async (req, res) => {
    const input = parseBody(LoginSchema, req.body);
    // Counted per address and per account: one guesser cannot try many accounts, and many
    // addresses cannot hammer one account.
    const keys = [`login-ip:${clientIp(req)}`, `login-email:${input.email}`];
    for (const key of keys) await refuseIfLimited(deps.loginLimiter, key);
    try {
      const { facilitator, session } = await auth.login(input);
      await deps.loginLimiter.succeed(`login-email:${input.email}`);
      setSession(res, session);
      res.json(facilitator);
    } catch (err) {
      if (err instanceof AppError && err.code === 'UNAUTHENTICATED') {
        for (const key of keys) await deps.loginLimiter.fail(key);
      }
      throw err;
    }
  });

  r.post('/auth/logout', async (req, res) => {
    const token = parseCookies(req.headers.cookie)[SESSION_COOKIE];
    if (token) await auth.logout(token);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.status(204).end();
  });

  r.get('/auth/me', requireFacilitator, (_req, res) => {
    res.json(facilitatorOf(res));
  });

  r.post('/invites', requireFacilitator, async (req, res) => {
    const invite = await auth.createInvite(facilitatorOf(res).id);
    res.status(201).json({ ...invite, url: `${deps.publicUrl(req)}/invite/${invite.token}` });
  });

  r.get('/invites/:token', async (req, res) => {
    res.json(await auth.inviteInfo(String(req.params.token).slice(0, 100)));
  });

  r.post('/invites/:token/accept', async (req, res) => {
    const input = parseBody(AcceptInviteSchema, req.body);
    const { facilitator, session } = await auth.acceptInvite(
      String(req.params.token).slice(0, 100),
      input,
    );
    setSession(res, session);
    res.status(201).json(facilitator);
  });

  return r;
}

async function refuseIfLimited(limiter: FailureLimiter, key: string) {
  const verdict = await limiter.check(key);
  if (verdict.refused) {
    throw new AppError('RATE_LIMITED', 'Too many failed attempts; please wait and try again', {
      retryAfterSeconds: verdict.retryAfterSeconds,
    });
  }
}

export { refuseIfLimited };
