import { retryableCodes } from '../../shared/protocol/ack.ts';
import type { Reason } from '../../shared/protocol/reasons.ts';
import type { ProblemBody } from './api.ts';

/**
 * What a phone has done but the server has not yet confirmed: notes written, dots pressed, ballots
 * cast. Each entry keeps the id it was made with, so sending it again after a lost answer never
 * makes a second note or counts a vote twice (VOTE7): the server stores each id once. Entries go
 * one at a time, in the order made.
 *
 * An entry stays "sending" while there is no answer, or the answer is a passing failure; it
 * leaves when the server confirms it. A refusal either marks it "failed" with the reason, for the
 * person to try again or remove it (a note's words are worth keeping), or drops it (a vote: the
 * server's count is read back instead).
 */

/** Why an entry was refused; the reason (LANG1) is absent for failures the client made up. */
export type OutboxError = { code: string; message: string; reason?: Reason };

/** An entry as the outbox keeps it: what was made, and how sending it has gone. */
export type Entry<P> = P & { state: 'sending' | 'failed'; error: OutboxError | null };

export type Delivery<R> = { ok: true; data: R } | { ok: false; error: ProblemBody };

/** Where the entries outlive the page (a note survives a reload); none keeps them in memory. */
export type OutboxStore<E> = { load: () => E[]; save: (entries: readonly E[]) => void };

export type OutboxSnapshot<E> = {
  entries: readonly E[];
  /** The last try found no way through (offline, or the server's database down). */
  waiting: boolean;
};

/** Client-side codes: the request did not get a real answer, so it may still be sent. */
const networkCodes: ReadonlySet<string> = new Set([
  'OFFLINE',
  'TIMEOUT',
  'NETWORK',
  'BAD_RESPONSE',
  // The server's own failures that are nobody's fault (DUR2).
  ...retryableCodes,
]);

/**
 * Whether an error means "try again later" (no answer, or a passing problem) rather than "the
 * server refused this". A flood limit says when to retry; a cap (the board's note limit) does not.
 */
export function isTransient(error: Pick<ProblemBody, 'code' | 'retryAfterSeconds'>): boolean {
  if (networkCodes.has(error.code)) return true;
  return error.code === 'RATE_LIMITED' && error.retryAfterSeconds !== undefined;
}

export type OutboxOptions<P extends { id: string }, R> = {
  send: (entry: Entry<P>) => Promise<Delivery<R>>;
  /** Told when the server confirms an entry, with its answer. */
  onSent?: (data: R, entry: Entry<P>) => void;
  /** Told when the server refuses one: the entry as now marked failed, or as it was if dropped. */
  onRefused?: (entry: Entry<P>, problem: ProblemBody) => void;
  /** A refused entry is kept, marked failed, rather than dropped. */
  keepRefused: boolean;
  /** Which answers mean "try again later"; `isTransient` unless the caller knows better. */
  transient?: (problem: ProblemBody) => boolean;
  /** Waits before retrying after a passing failure; the last one repeats. */
  retryDelaysMs?: readonly number[];
  store?: OutboxStore<Entry<P>>;
};

const defaultRetryDelays = [2000, 5000, 10_000, 30_000];

export class Outbox<P extends { id: string }, R> {
  private snap: OutboxSnapshot<Entry<P>>;
  private readonly listeners = new Set<() => void>();
  private readonly options: OutboxOptions<P, R>;
  private running: Promise<void> | null = null;
  /** A flush was asked for during a pass: the connection may have come back, try once more. */
  private again = false;
  /** An entry was added during a pass, after the pass may have looked for entries to send. */
  private more = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private failures = 0;
  private stopped = false;

  constructor(options: OutboxOptions<P, R>) {
    this.options = options;
    // Entries left "sending" by a page that closed mid-send are sent again: the id makes it safe.
    this.snap = { entries: options.store?.load() ?? [], waiting: false };
  }

  /** The outbox as it is now; the same object until something changes (for React). */
  readonly snapshot = (): OutboxSnapshot<Entry<P>> => this.snap;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  private get entries(): readonly Entry<P>[] {
    return this.snap.entries;
  }

  /** Keeps a new entry (stored at once) and starts sending it. */
  add(input: P): Entry<P> {
    const entry: Entry<P> = { ...input, state: 'sending', error: null };
    this.set([...this.entries.filter((e) => e.id !== entry.id), entry]);
    if (this.running) this.more = true;
    else void this.flush();
    return entry;
  }

  /** A failed entry, back to sending. */
  retry(id: string) {
    this.set(
      this.entries.map((e) => (e.id === id ? { ...e, state: 'sending' as const, error: null } : e)),
    );
    this.failures = 0;
    void this.flush();
  }

  remove(id: string) {
    this.set(this.entries.filter((e) => e.id !== id));
  }

  /**
   * Sends every entry waiting to be sent, one after another in the order made (so notes reach the
   * board, and presses the count, in that order). Safe to call at any time (on reconnect, on
   * wake-up); a call while a pass runs asks for one more pass afterwards.
   */
  flush(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.running = (async () => {
      try {
        for (;;) {
          this.again = false;
          this.more = false;
          const blocked = await this.pass();
          // After a passing failure, new entries would fail the same way; only a fresh flush
          // (the connection is back) is worth another pass now.
          if (this.stopped || !(this.again || (this.more && !blocked))) break;
        }
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  /** Stops sending and retrying; a stored outbox stays for the next page (or `start`). */
  stop() {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  /** Resumes after `stop` (React may stop and start a screen's effects more than once). */
  start() {
    this.stopped = false;
    void this.flush();
  }

  /** One pass over the outbox; true when it stopped at a passing failure. */
  private async pass(): Promise<boolean> {
    const tried = new Set<string>();
    const transient = this.options.transient ?? isTransient;
    for (;;) {
      if (this.stopped) return false;
      const next = this.entries.find((e) => e.state === 'sending' && !tried.has(e.id));
      if (!next) return false;
      tried.add(next.id);
      let outcome: Delivery<R>;
      try {
        outcome = await this.options.send(next);
      } catch (err) {
        outcome = {
          ok: false,
          error: { code: 'NETWORK', message: err instanceof Error ? err.message : String(err) },
        };
      }
      if (this.stopped) return false;
      // Removed while it was on its way: whatever the answer, there is nothing left to update.
      if (!this.entries.some((e) => e.id === next.id)) continue;
      if (outcome.ok) {
        this.failures = 0;
        this.set(
          this.entries.filter((e) => e.id !== next.id),
          false,
        );
        this.options.onSent?.(outcome.data, next);
      } else if (transient(outcome.error)) {
        // No way through: the rest would fail the same way. Try again later, or when the
        // connection comes back (the page calls flush then).
        this.snap = { ...this.snap, waiting: true };
        this.tell();
        this.scheduleRetry(outcome.error.retryAfterSeconds);
        return true;
      } else if (this.options.keepRefused) {
        const { code, message, reason } = outcome.error;
        // The reason is kept with the failed entry so it is said in the reader's language later.
        const error = reason ? { code, message, reason } : { code, message };
        const failed: Entry<P> = { ...next, state: 'failed', error };
        this.set(
          this.entries.map((e) => (e.id === next.id ? failed : e)),
          false,
        );
        this.options.onRefused?.(failed, outcome.error);
      } else {
        this.set(
          this.entries.filter((e) => e.id !== next.id),
          false,
        );
        this.options.onRefused?.(next, outcome.error);
      }
    }
  }

  private scheduleRetry(afterSeconds: number | undefined) {
    const delays = this.options.retryDelaysMs ?? defaultRetryDelays;
    const delay =
      afterSeconds !== undefined
        ? afterSeconds * 1000
        : (delays[Math.min(this.failures, delays.length - 1)] ?? 5000);
    this.failures += 1;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.flush();
    }, delay);
  }

  /** New entries; an answer from the server (`waiting` false) also says the way is clear. */
  private set(entries: readonly Entry<P>[], waiting = this.snap.waiting) {
    this.snap = { entries, waiting };
    this.options.store?.save(entries);
    this.tell();
  }

  private tell() {
    for (const listener of [...this.listeners]) listener();
  }
}
