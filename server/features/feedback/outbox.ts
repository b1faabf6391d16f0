import type { Database } from '../../db/database.ts';
import type { Logger } from '../../logger.ts';
import { PermanentMailError, describeMailError, type Mailer } from './mailer.ts';
import * as store from './store.ts';

export type OutboxOptions = {
  db: Database;
  log: Logger;
  /** Undefined when SMTP_URL is unset: messages wait, and the log says why. */
  mailer: Mailer | undefined;
  contactRetentionDays: number;
  /** How often the sender looks for due messages. */
  intervalMs?: number;
  /** Shortest wait before a retry; it doubles per attempt up to `maxBackoffSeconds`. */
  firstBackoffSeconds?: number;
  maxBackoffSeconds?: number;
  batchSize?: number;
};

/** How long a node may take over one message before it counts as interrupted. */
const LEASE_SECONDS = 10 * 60;
const RETENTION_EVERY_MS = 60 * 60 * 1000;

/**
 * Sends the outbox (REC11). Every node may run one: a message is claimed by one node before it
 * is sent, so it goes at most once; a failure the server may recover from is retried with a
 * growing wait; after a message has gone, the contact behind it is deleted (REC10). The same
 * loop deletes contacts older than the retention period.
 */
export class OutboxSender {
  private readonly intervalMs: number;
  private readonly firstBackoff: number;
  private readonly maxBackoff: number;
  private readonly batchSize: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  private lastRetention = 0;
  private toldUnconfigured = false;

  constructor(private readonly o: OutboxOptions) {
    this.intervalMs = o.intervalMs ?? 5_000;
    this.firstBackoff = o.firstBackoffSeconds ?? 30;
    this.maxBackoff = o.maxBackoffSeconds ?? 60 * 60;
    this.batchSize = o.batchSize ?? 20;
  }

  get configured(): boolean {
    return this.o.mailer !== undefined;
  }

  start() {
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), this.intervalMs);
    this.timer.unref();
    this.kick();
  }

  async stop() {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
    this.o.mailer?.close();
  }

  /** Runs a pass now (after a publish), or right after the one in progress. */
  kick() {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.pass()
      .catch((err: unknown) => this.o.log.error({ err }, 'outbox pass failed'))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  private async pass() {
    if (Date.now() - this.lastRetention >= RETENTION_EVERY_MS) {
      this.lastRetention = Date.now();
      await this.applyRetention();
    }
    await this.settleInterrupted();
    const mailer = this.o.mailer;
    if (!mailer) {
      if (!this.toldUnconfigured) {
        const waiting = await store.countWaiting(this.o.db);
        if (waiting > 0) {
          this.toldUnconfigured = true;
          this.o.log.warn(
            { waiting },
            'mail is not configured (SMTP_URL is unset): outbox messages wait unsent',
          );
        }
      }
      return;
    }
    for (;;) {
      if (this.stopped) return;
      const batch = await store.claimDue(this.o.db, this.batchSize, LEASE_SECONDS);
      if (batch.length === 0) return;
      for (const m of batch) await this.deliver(mailer, m);
    }
  }

  private async deliver(mailer: Mailer, m: store.OutboxMessage) {
    try {
      await mailer.send({
        to: m.to,
        subject: m.subject,
        text: m.text,
        // A stable id lets a receiving server spot a duplicate, should one ever slip through.
        messageId: `<${m.id}@roundtable>`,
      });
    } catch (err) {
      const reason = describeMailError(err);
      if (err instanceof PermanentMailError) {
        this.o.log.warn({ message: m.id, reason }, 'outbox message refused; not retried');
        await this.o.db.transaction(async (tx) => {
          await forgetContact(tx, m.dedupeKey, m.to);
          await store.markFailed(tx, m.id, reason);
        });
        return;
      }
      const delay = Math.min(this.maxBackoff, this.firstBackoff * 2 ** Math.max(0, m.attempts - 1));
      this.o.log.warn(
        { message: m.id, attempts: m.attempts, retryInSeconds: delay, reason },
        'outbox send failed; will retry',
      );
      await store.markRetry(this.o.db, m.id, delay, reason);
      return;
    }
    await this.o.db.transaction(async (tx) => {
      await store.markSent(tx, m.id);
      await forgetContact(tx, m.dedupeKey, m.to);
    });
    this.o.log.info({ message: m.id }, 'outbox message sent');
  }

  private async settleInterrupted() {
    const rows = await store.abandonInterrupted(this.o.db);
    for (const r of rows) {
      this.o.log.warn({ message: r.id }, 'outbox send was interrupted; not retried');
      await forgetContact(this.o.db, r.dedupe_key, r.to_address);
      await store.blankAddress(this.o.db, r.id);
    }
  }

  /** Contacts and unsent messages older than the retention period are deleted (REC10). */
  async applyRetention() {
    const days = this.o.contactRetentionDays;
    const contacts = await store.deleteExpiredContacts(this.o.db, days);
    const expired = await store.expireUnsent(this.o.db, days);
    for (const r of expired) await store.blankAddress(this.o.db, r.id);
    if (contacts || expired.length) {
      this.o.log.info(
        { contacts, messages: expired.length, days },
        'deleted feedback contacts past their retention period',
      );
    }
  }
}

/** The contact a feedback message was for, everywhere in its record. */
async function forgetContact(
  db: Parameters<typeof store.deleteRecordContacts>[0],
  key: string,
  to: string,
) {
  const m = /^feedback:([0-9a-f-]{36}):/.exec(key);
  if (m && to) await store.deleteRecordContacts(db, m[1]!, to);
}
