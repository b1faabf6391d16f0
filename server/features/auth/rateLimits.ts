import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/**
 * Failure counters for guessable secrets (passwords, join codes). Only failures count, so a hall
 * of people behind one router joining correctly never trips them; a person mistyping twice is
 * not slowed; a script guessing is first slowed (a growing delay) and then refused.
 *
 * The memory back-end suits one node; the scale-out issue swaps in rate-limiter-flexible's Redis
 * back-end behind the same interface.
 */
export type FailureLimiter = {
  /** Before trying: refused once the failures in the window reach the limit. */
  check(key: string): Promise<{ refused: false } | { refused: true; retryAfterSeconds: number }>;
  /**
   * Counts a failure and resolves after a delay that grows with each failure past the free
   * ones. Only failing answers are slowed, so people typing the right code are never held up.
   */
  fail(key: string): Promise<void>;
  succeed(key: string): Promise<void>;
};

export function failureLimiter(opts: {
  limit: number;
  windowSeconds: number;
  /** Failures allowed before each attempt is delayed. */
  freeFailures: number;
  delayStepMs: number;
  sleep?: (ms: number) => Promise<void>;
  limiter?: RateLimiterAbstract;
}): FailureLimiter {
  const limiter =
    opts.limiter ?? new RateLimiterMemory({ points: opts.limit, duration: opts.windowSeconds });
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  return {
    async check(key) {
      const res = await limiter.get(key);
      const used = res?.consumedPoints ?? 0;
      if (res && used >= opts.limit) {
        return {
          refused: true,
          retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
        };
      }
      return { refused: false };
    },
    async fail(key) {
      const res = await limiter.consume(key).catch((err: unknown) => {
        // Over the limit is the expected outcome of a failure here; anything else is a real error.
        if (err instanceof RateLimiterRes) return err;
        throw err;
      });
      const owed = res.consumedPoints - opts.freeFailures;
      if (owed > 0) await sleep(Math.min(owed * opts.delayStepMs, 3000));
    },
    async succeed(key) {
      await limiter.delete(key);
    },
  };
}
