import type { z } from 'zod';
import type {
  AcceptInviteSchema,
  LoginSchema,
  SetupSchema,
} from '../../../shared/protocol/rest.ts';
import type { Database } from '../../db/database.ts';
import { refuse } from '../../errors.ts';
import * as store from './facilitatorStore.ts';
import { decoyHash, hashPassword, verifyPassword } from './passwords.ts';
import { hashToken, newToken } from './tokens.ts';
import { timingSafeEqual } from 'node:crypto';

const SETUP_TOKEN_KEY = 'setup_token_hash';

/**
 * The first facilitator account. While no account exists, anyone who can reach the server could
 * claim the instance, so a set-up token guards it unless the server listens on loopback only.
 */
export class AuthService {
  constructor(
    private readonly db: Database,
    private readonly opts: {
      setupToken: string | undefined;
      requireSetupToken: boolean;
      sessionDays: number;
      mailConfigured: boolean;
    },
  ) {}

  async instanceInfo() {
    const setupRequired = (await store.countFacilitators(this.db)) === 0;
    return {
      setupRequired,
      setupTokenRequired: setupRequired && this.opts.requireSetupToken,
      mailConfigured: this.opts.mailConfigured,
    };
  }

  /**
   * Makes sure a set-up token exists while set-up is pending and returns a freshly generated one
   * for the log (undefined if SETUP_TOKEN is configured, set-up is done, or another node made it).
   */
  async prepareSetupToken(): Promise<string | undefined> {
    if (!this.opts.requireSetupToken || this.opts.setupToken) return undefined;
    if ((await store.countFacilitators(this.db)) > 0) return undefined;
    // Each start prints a new token: the log a person is reading is the one that works.
    const token = newToken();
    await store.setSetting(this.db, SETUP_TOKEN_KEY, hashToken(token));
    return token;
  }

  async setup(input: z.output<typeof SetupSchema>) {
    if (this.opts.requireSetupToken && !(await this.setupTokenMatches(input.setupToken))) {
      throw refuse('SETUP_TOKEN_WRONG');
    }
    const passwordHash = await hashPassword(input.password);
    return this.db.transaction(async (tx) => {
      // The lock makes two simultaneous set-ups take turns; the second then sees an account.
      await tx.query('SELECT pg_advisory_xact_lock(7212002)');
      if ((await store.countFacilitators(tx)) > 0) {
        throw refuse('ALREADY_SET_UP');
      }
      // The first account owns the instance: it manages the accounts that follow (AUTH6).
      const f = await store.insertFacilitator(tx, {
        email: input.email,
        name: input.name,
        passwordHash,
        role: 'owner',
      });
      await store.logAccount(tx, { actorId: null, subjectId: f.id, action: 'created' });
      await tx.query('DELETE FROM instance_settings WHERE key = $1', [SETUP_TOKEN_KEY]);
      const session = await store.createSession(tx, f.id, this.opts.sessionDays);
      return { facilitator: f, session };
    });
  }

  private async setupTokenMatches(given: string | undefined): Promise<boolean> {
    if (!given) return false;
    if (this.opts.setupToken) return safeEqual(given, this.opts.setupToken);
    const stored = await store.getSetting(this.db, SETUP_TOKEN_KEY);
    return stored !== undefined && safeEqual(hashToken(given), stored);
  }

  async login(input: z.output<typeof LoginSchema>) {
    const found = await store.findByEmail(this.db, input.email);
    const ok = await verifyPassword(input.password, found?.passwordHash ?? (await decoyHash));
    if (!found || !ok) throw refuse('WRONG_EMAIL_OR_PASSWORD');
    const session = await store.createSession(this.db, found.id, this.opts.sessionDays);
    const { passwordHash: _hash, ...facilitator } = found;
    return { facilitator, session };
  }

  logout(session: string) {
    return store.deleteSession(this.db, session);
  }

  facilitatorForSession(session: string) {
    return store.facilitatorForSession(this.db, session);
  }

  createInvite(facilitatorId: string) {
    return this.db.transaction(async (tx) => {
      const invite = await store.createInvite(tx, facilitatorId);
      await store.logAccount(tx, { actorId: facilitatorId, subjectId: null, action: 'invited' });
      return invite;
    });
  }

  async inviteInfo(token: string) {
    const info = await store.findOpenInvite(this.db, token);
    if (!info) throw refuse('INVITE_LINK_USED');
    return info;
  }

  async acceptInvite(token: string, input: z.output<typeof AcceptInviteSchema>) {
    const passwordHash = await hashPassword(input.password);
    return this.db.transaction(async (tx) => {
      if (!(await store.claimInvite(tx, token))) {
        throw refuse('INVITE_LINK_USED');
      }
      const f = await store
        .insertFacilitator(tx, {
          email: input.email,
          name: input.name,
          passwordHash,
          role: 'facilitator',
        })
        .catch((err: unknown) => {
          if (err instanceof store.EmailTakenError) {
            throw refuse(
              'ACCOUNT_EXISTS',
              {},
              {
                fields: { email: 'Already has an account' },
                issues: { email: { code: 'invalid' } },
              },
            );
          }
          throw err;
        });
      await store.recordInviteUse(tx, token, f.id);
      await store.logAccount(tx, { actorId: null, subjectId: f.id, action: 'created' });
      const session = await store.createSession(tx, f.id, this.opts.sessionDays);
      return { facilitator: f, session };
    });
  }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
