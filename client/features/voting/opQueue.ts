import { retryableCodes, type ErrorCode } from '../../../shared/protocol/ack.ts';
import type { ProblemBody } from '../../lib/api.ts';

/** Answers that say nothing about the vote, only that the message may not have arrived. */
const transient: ReadonlySet<string> = new Set(['OFFLINE', 'TIMEOUT', 'NETWORK', 'RATE_LIMITED']);

/**
 * Not a refusal: no answer, or a failure on the server's side that is nobody's fault (its
 * database is unreachable): the same operation id is sent again until accepted or refused. (DUR2)
 */
export function isTransient(problem: ProblemBody): boolean {
  return transient.has(problem.code) || retryableCodes.has(problem.code as ErrorCode);
}

export type SendOutcome<R> = { ok: true; data: R } | { ok: false; error: ProblemBody };

type Options<Op, R> = {
  send: (op: Op) => Promise<SendOutcome<R>>;
  /** The server counted (or had already counted) this operation; `data` is its answer. */
  onDone: (op: Op, data: R) => void;
  /** The server refused it for a reason a resend would not change. */
  onRefused: (op: Op, problem: ProblemBody) => void;
  /** How long to wait before trying again after a timeout while still connected. */
  retryMs?: number;
};

/**
 * Votes on their way to the server, sent one at a time and in order. Each keeps the operation id
 * it was made with: after a dropped connection or a timeout it is sent again with the same id, so
 * the server counts it once however many times it arrives (VOTE7). Nothing is dropped for a
 * network failure; only the server's refusal removes an operation unsent.
 */
export class OpQueue<Op extends { opId: string }, R> {
  private ops: Op[] = [];
  private sending = false;
  private stopped = false;
  private waiting = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Set<() => void>();
  private snap: { ops: readonly Op[]; waiting: boolean } = { ops: [], waiting: false };

  constructor(private readonly options: Options<Op, R>) {}

  push(op: Op) {
    this.ops.push(op);
    this.changed();
    void this.flush();
  }

  /** Sends what is waiting; safe to call at any time (on reconnect, on wake-up). */
  async flush(): Promise<void> {
    if (this.sending || this.stopped) return;
    this.sending = true;
    clearTimeout(this.timer);
    try {
      while (!this.stopped) {
        const op = this.ops[0];
        if (!op) break;
        const outcome = await this.options.send(op);
        if (this.stopped) return;
        if (!outcome.ok && isTransient(outcome.error)) {
          this.waiting = true;
          this.changed();
          // Offline: the next connection flushes. A timeout while connected: try again soon.
          this.timer = setTimeout(() => void this.flush(), this.options.retryMs ?? 3000);
          return;
        }
        this.ops.shift();
        this.waiting = false;
        this.changed();
        if (outcome.ok) this.options.onDone(op, outcome.data);
        else this.options.onRefused(op, outcome.error);
      }
    } finally {
      this.sending = false;
    }
  }

  /** Starts (again) after `stop`; React may stop and start a screen's effects more than once. */
  start() {
    this.stopped = false;
    void this.flush();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  readonly subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  /** The operations not yet answered, and whether the last try failed on the network. */
  readonly snapshot = () => this.snap;

  private changed() {
    this.snap = { ops: [...this.ops], waiting: this.waiting };
    for (const l of this.listeners) l();
  }
}
