import type { ProblemBody } from '../../lib/api.ts';
import { Outbox, isTransient, type Delivery } from '../../lib/outbox.ts';

/**
 * Answers that say nothing about the vote, only that the message may not have arrived. Unlike a
 * note's, any rate limit is one (a vote has no cap to hit), and an unreadable answer is not: the
 * operation is dropped and the ballot read back from the server rather than sent forever.
 */
export function isVoteTransient(problem: ProblemBody): boolean {
  if (problem.code === 'RATE_LIMITED') return true;
  return problem.code !== 'BAD_RESPONSE' && isTransient(problem);
}

type Options<Op, R> = {
  send: (op: Op) => Promise<Delivery<R>>;
  /** The server counted (or had already counted) this operation; `data` is its answer. */
  onDone: (op: Op, data: R) => void;
  /** The server refused it for a reason a resend would not change. */
  onRefused: (op: Op, problem: ProblemBody) => void;
  /** How long to wait before trying again after a timeout while still connected. */
  retryMs?: number;
};

/**
 * Votes on their way to the server, in the app's one outbox (client/lib/outbox.ts), in memory:
 * the server's count is what a reloaded page shows. Nothing is dropped for a network failure;
 * only the server's refusal removes an operation unsent.
 */
export function opQueue<Op extends { id: string }, R>(options: Options<Op, R>): Outbox<Op, R> {
  return new Outbox<Op, R>({
    send: (op) => options.send(op),
    onSent: (data, op) => options.onDone(op, data),
    onRefused: (op, problem) => options.onRefused(op, problem),
    keepRefused: false,
    transient: isVoteTransient,
    retryDelaysMs: [options.retryMs ?? 3000],
  });
}
