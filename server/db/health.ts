import type { Database } from './database.ts';

export type DatabaseState = 'ok' | 'unreachable';

/**
 * Whether an error means "the database cannot be reached now" (stopped, restarting, the network
 * to it cut) rather than "this request is wrong". Such failures are nobody's fault and pass:
 * the client is told UNAVAILABLE and sends the same operation again (DUR2).
 */
export function isConnectionFailure(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const code = 'code' in err ? String(err.code) : '';
  // Node's socket errors, from pg connecting or talking to the server.
  if (/^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND)$/.test(code))
    return true;
  // SQLSTATE class 08 (connection exception), 57P01-57P03 (shut down, crashed, starting up),
  // 53300 (too many connections).
  if (/^08...$/.test(code) || /^57P0[1-3]$/.test(code) || code === '53300') return true;
  const message = err instanceof Error ? err.message : '';
  return /Connection terminated|Client has encountered a connection error/i.test(message);
}

/**
 * Whether a request waited its whole time for one of the pool's connections (pg-pool's words):
 * every connection was busy. That is a hall outrunning the database, or a database that stopped
 * answering with every connection stuck in it; a ping on a connection of its own tells which.
 */
export function isPoolBusy(err: unknown): boolean {
  return err instanceof Error && err.message === 'timeout exceeded when trying to connect';
}

/** How a failed request is answered: the database is away, or too busy to take it now. */
export type Unavailability = 'unreachable' | 'busy';

type Options = {
  /** Between checks while the database answers: how soon the console hears of an outage. */
  okIntervalMs?: number;
  /** Between checks while it does not: how soon waiting presses are sent after it is back. */
  downIntervalMs?: number;
  onChange: (state: DatabaseState) => void;
};

/**
 * Watches whether the server can reach its database, with a cheap query on a timer and from
 * every failure the transport sees. Each change is told once: the facilitator's console shows a
 * warning while it is unreachable (DUR4), and every phone resends its waiting presses at once
 * when it is back (DUR3).
 */
export class DatabaseHealth {
  private current: DatabaseState = 'ok';
  private timer: ReturnType<typeof setTimeout> | undefined;
  private checking: Promise<void> | null = null;
  private probing: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly db: Database,
    private readonly options: Options,
  ) {}

  get state(): DatabaseState {
    return this.current;
  }

  start() {
    this.stopped = false;
    this.schedule();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /**
   * Called with an error a request failed with: true when it is a database outage (the caller
   * answers UNAVAILABLE), which also starts checking often for the way back.
   */
  failed(err: unknown): Unavailability | null {
    if (isPoolBusy(err) && this.current === 'ok') {
      // Busy is not down (DUR6): the console is not told the database is lost unless it does
      // not answer a ping either.
      this.probing ??= this.db
        .ping()
        .catch(() => {
          this.set('unreachable');
          this.schedule();
        })
        .finally(() => {
          this.probing = null;
        });
      return 'busy';
    }
    if (!isConnectionFailure(err) && !isPoolBusy(err)) return null;
    this.set('unreachable');
    this.schedule();
    return 'unreachable';
  }

  /** Asks the database now (one question at a time). */
  check(): Promise<void> {
    this.checking ??= (async () => {
      try {
        await this.db.query('SELECT 1').catch(async (err: unknown) => {
          // Queued behind a hall's requests: ask past the queue instead.
          if (isPoolBusy(err)) await this.db.ping();
          else throw err;
        });
        this.set('ok');
      } catch {
        // Whatever the reason, a database that cannot answer `SELECT 1` cannot serve.
        this.set('unreachable');
      } finally {
        this.checking = null;
      }
    })();
    return this.checking;
  }

  private set(state: DatabaseState) {
    if (state === this.current) return;
    this.current = state;
    this.options.onChange(state);
  }

  private schedule() {
    clearTimeout(this.timer);
    if (this.stopped) return;
    const ms =
      this.current === 'ok'
        ? (this.options.okIntervalMs ?? 5000)
        : (this.options.downIntervalMs ?? 500);
    this.timer = setTimeout(() => {
      void this.check().then(() => this.schedule());
    }, ms);
    this.timer.unref();
  }
}
