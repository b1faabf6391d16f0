import type {
  Account,
  AccountAuditEntry,
  ResetCreated,
} from '../../../shared/protocol/accounts.ts';
import type { Facilitator, Role } from '../../../shared/protocol/rest.ts';
import type { Database } from '../../db/database.ts';
import type { Emitter } from '../../core/events.ts';
import { refuse } from '../../errors.ts';
import * as store from './facilitatorStore.ts';
import { hashPassword, verifyPassword } from './passwords.ts';

/** Serialises role changes and removals, so two owners cannot leave the instance with none. */
const OWNERS_LOCK = 7212003;

const gone = () => refuse('NO_SUCH_ACCOUNT');
const lastOwner = () => refuse('LAST_OWNER');

/** What account management tells, after the change is stored. */
export type AccountEvents = { 'account.removed': { facilitatorId: string } };

/**
 * Facilitator accounts as a team manages them (AUTH6-AUTH9): roles, removal, password changes and
 * one-time reset links, each written to the account audit.
 */
export class AccountService {
  constructor(
    private readonly db: Database,
    private readonly opts: {
      sessionDays: number;
      /** Told of a removal, so the account's live connections end at once (AUTH7). */
      events: Emitter<AccountEvents>;
      /** Sends one e-mail now; undefined when the server cannot send e-mail (no SMTP_URL). */
      sendMail:
        ((mail: { to: string; subject: string; text: string }) => Promise<void>) | undefined;
      log: { error(details: object, message: string): void };
    },
  ) {}

  get mailConfigured(): boolean {
    return this.opts.sendMail !== undefined;
  }

  async list(): Promise<{ accounts: Account[] }> {
    return { accounts: await store.listAccounts(this.db) };
  }

  async setRole(actor: Facilitator, id: string, role: Role): Promise<Account> {
    return this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [OWNERS_LOCK]);
      const target = await store.lockAccount(tx, id);
      if (!target) throw gone();
      if (target.role === role) return strip(target);
      if (target.role === 'owner' && (await store.countOwners(tx)) <= 1) throw lastOwner();
      await store.setRole(tx, id, role);
      await store.logAccount(tx, {
        actorId: actor.id,
        subjectId: id,
        action: 'role_changed',
        detail: { from: target.role, to: role },
      });
      return { ...strip(target), role };
    });
  }

  async remove(actor: Facilitator, id: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [OWNERS_LOCK]);
      const target = await store.lockAccount(tx, id);
      if (!target) throw gone();
      if (target.role === 'owner' && (await store.countOwners(tx)) <= 1) throw lastOwner();
      await store.removeAccount(tx, id);
      await store.logAccount(tx, { actorId: actor.id, subjectId: id, action: 'removed' });
    });
    this.opts.events.emit('account.removed', { facilitatorId: id });
  }

  /**
   * A one-time link for a colleague, for the owner to pass on; when the server can send e-mail it
   * also goes straight to the colleague's address. The link is sent at once, never queued: a
   * queued message would keep a working link in the database.
   */
  async createReset(actor: Facilitator, id: string, publicUrl: string): Promise<ResetCreated> {
    const { account, url, expiresAt } = await this.db.transaction(async (tx) => {
      const account = await store.lockAccount(tx, id);
      if (!account) throw gone();
      const reset = await store.createReset(tx, id, actor.id);
      await store.logAccount(tx, { actorId: actor.id, subjectId: id, action: 'reset_issued' });
      return { account, url: `${publicUrl}/reset/${reset.token}`, expiresAt: reset.expiresAt };
    });
    const emailed = await this.mailLink(account, url).then(
      () => this.mailConfigured,
      (err: unknown) => {
        this.opts.log.error({ err }, 'sending a password reset link failed');
        return false;
      },
    );
    return { url, expiresAt, emailed };
  }

  /**
   * "Forgotten your password?" on the sign-in page, when the server can send e-mail. The answer is
   * the same whether or not the address has an account, and the mail goes after the answer, so
   * neither the reply nor its timing says which addresses have one.
   */
  async forgotPassword(email: string, publicUrl: string): Promise<void> {
    if (!this.mailConfigured) {
      throw refuse('CANNOT_SEND_EMAIL');
    }
    const found = await store.findByEmail(this.db, email);
    if (!found) return;
    void (async () => {
      const token = await this.db.transaction(async (tx) => {
        const reset = await store.createReset(tx, found.id, found.id);
        await store.logAccount(tx, {
          actorId: null,
          subjectId: found.id,
          action: 'reset_issued',
        });
        return reset.token;
      });
      await this.mailLink(found, `${publicUrl}/reset/${token}`);
    })().catch((err: unknown) =>
      this.opts.log.error({ err }, 'sending a requested password reset link failed'),
    );
  }

  private async mailLink(account: { name: string; email: string }, url: string) {
    if (!this.opts.sendMail) return;
    await this.opts.sendMail({
      to: account.email,
      subject: 'Set a new password for Roundtable',
      text: [
        `Hello ${account.name},`,
        '',
        `Someone asked to set a new password for the Roundtable account ${account.email}: you, or an owner of this Roundtable for you.`,
        'Open this link within 24 hours to choose one. It works once.',
        '',
        url,
        '',
        'If you did not ask for this, ignore this message: your password stays as it is.',
        '',
      ].join('\n'),
    });
  }

  async resetInfo(token: string) {
    const info = await store.findOpenReset(this.db, token);
    if (!info) throw usedLink();
    return info;
  }

  /** Sets the new password, ends every session of the account, and signs this browser in. */
  async useReset(token: string, password: string) {
    const hash = await hashPassword(password);
    return this.db.transaction(async (tx) => {
      const id = await store.claimReset(tx, token);
      if (!id) throw usedLink();
      const account = await store.lockAccount(tx, id);
      if (!account) throw usedLink();
      await store.setPassword(tx, id, hash);
      await store.logAccount(tx, { actorId: null, subjectId: id, action: 'password_reset' });
      const session = await store.createSession(tx, id, this.opts.sessionDays);
      return { facilitator: facilitatorOf(account), session };
    });
  }

  /** Needs the current password; every other session of the account ends (AUTH8). */
  async changePassword(actor: Facilitator, session: string, current: string, next: string) {
    const account = await store.lockAccount(this.db, actor.id);
    if (!account || !(await verifyPassword(current, account.passwordHash))) {
      throw refuse(
        'WRONG_CURRENT_PASSWORD',
        {},
        {
          fields: { currentPassword: 'Not your current password' },
          issues: { currentPassword: { code: 'invalid' } },
        },
      );
    }
    const hash = await hashPassword(next);
    await this.db.transaction(async (tx) => {
      await store.setPassword(tx, actor.id, hash, session);
      await store.logAccount(tx, {
        actorId: actor.id,
        subjectId: actor.id,
        action: 'password_changed',
      });
    });
  }

  async audit(): Promise<{ entries: AccountAuditEntry[] }> {
    return { entries: await store.accountAudit(this.db) };
  }
}

const usedLink = () => refuse('RESET_LINK_USED');

function strip(a: Account & { passwordHash: string }): Account {
  return { id: a.id, email: a.email, name: a.name, role: a.role, createdAt: a.createdAt };
}

function facilitatorOf(a: Account): Facilitator {
  return { id: a.id, email: a.email, name: a.name, role: a.role };
}
