import type { Logger } from '../logger.ts';

export type LogGateOptions = {
  /** Lines written per minute, across every client; the rest are counted. */
  perMinute: number;
  now?: () => number;
};

/**
 * The one way to log something a client caused (a bad message, a refused connection, a request
 * that failed). However many clients send whatever they like, the server writes at most
 * `perMinute` such lines a minute plus one line saying how many it left out, by message: a flood
 * cannot fill the disk or bury the lines that matter. (SEC10)
 */
export class LogGate {
  private windowStart: number;
  private written = 0;
  private readonly leftOut = new Map<string, number>();
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly now: () => number;

  constructor(
    private readonly log: Logger,
    private readonly opts: LogGateOptions = { perMinute: 120 },
  ) {
    this.now = opts.now ?? Date.now;
    this.windowStart = this.now();
  }

  info(fields: object, msg: string) {
    if (this.admit(msg)) this.log.info(fields, msg);
  }

  warn(fields: object, msg: string) {
    if (this.admit(msg)) this.log.warn(fields, msg);
  }

  error(fields: object, msg: string) {
    if (this.admit(msg)) this.log.error(fields, msg);
  }

  /** Writes the count of what was left out now (at shutdown, or from tests). */
  flush() {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.leftOut.size === 0) return;
    const counts = Object.fromEntries(this.leftOut);
    this.leftOut.clear();
    this.log.warn({ leftOut: counts }, 'client-caused log lines left out in the last minute');
  }

  private admit(msg: string): boolean {
    const now = this.now();
    if (now - this.windowStart >= 60_000) {
      this.flush();
      this.windowStart = now;
      this.written = 0;
    }
    if (this.written < this.opts.perMinute) {
      this.written += 1;
      return true;
    }
    this.leftOut.set(msg, (this.leftOut.get(msg) ?? 0) + 1);
    if (!this.flushTimer) {
      // The count goes out when the minute ends, even if the flood stopped before then.
      this.flushTimer = setTimeout(
        () => {
          this.flush();
          this.windowStart = this.now();
          this.written = 0;
        },
        Math.max(0, this.windowStart + 60_000 - now),
      );
      this.flushTimer.unref();
    }
    return false;
  }
}
