import { randomUUID } from 'node:crypto';
import type { Emitter } from '../../core/events.ts';
import type { FeatureModule } from '../../core/module.ts';
import type { Database } from '../../db/database.ts';
import type { Logger } from '../../logger.ts';
import type { Mailer } from '../feedback/mailer.ts';
import { AccountService, type AccountEvents } from './accounts.ts';
import { accountRoutes } from './accountRoutes.ts';
import type { FailureLimiter } from './rateLimits.ts';
import { authRoutes } from './routes.ts';
import { AuthService } from './service.ts';

/** Facilitator sign-in and sessions, and accounts as a team manages them (AUTH6-AUTH9). */
export function authFeature(deps: {
  db: Database;
  log: Logger;
  events: Emitter<AccountEvents>;
  /** One SMTP transport for the whole server; reset links go through it (AUTH9). */
  mailer: Mailer | undefined;
  loginLimiter: FailureLimiter;
  setupToken: string | undefined;
  requireSetupToken: boolean;
  sessionDays: number;
  secureCookies: boolean;
}) {
  const { db, mailer, loginLimiter, sessionDays, secureCookies } = deps;
  const auth = new AuthService(db, {
    setupToken: deps.setupToken,
    requireSetupToken: deps.requireSetupToken,
    sessionDays,
    mailConfigured: mailer !== undefined,
  });
  const accounts = new AccountService(db, {
    sessionDays,
    log: deps.log,
    sendMail: mailer
      ? (mail) => mailer.send({ ...mail, messageId: `<${randomUUID()}@roundtable>` })
      : undefined,
    events: deps.events,
  });
  const module: FeatureModule = {
    name: 'auth',
    routes: [
      ...authRoutes({ auth, loginLimiter, secureCookies, sessionDays }),
      ...accountRoutes({ accounts, loginLimiter, secureCookies, sessionDays }),
    ],
  };
  return { auth, accounts, module };
}
