import {
  BurstyRateLimiter,
  RateLimiterMemory,
  RateLimiterRedis,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { Logger } from '../logger.ts';
import { closeRedis, boundedWhileLinked, redisClient, watchLink } from './redis.ts';
import {
  commandBudgets,
  defaultBudgets,
  type BudgetSettings,
  type CommandBudgets,
} from './socket/deviceLimits.ts';

/** How long a limit may wait on Redis before this node counts it in memory instead. */
const LIMIT_TIMEOUT_MS = 1000;

export type SharedLimits = {
  /** Failed sign-ins per address and per account (LOGIN_FAILURE_LIMIT). */
  login: RateLimiterAbstract;
  /** Wrong join codes per address (JOIN_GUESS_LIMIT). */
  guess: RateLimiterAbstract;
  budgets: CommandBudgets;
  close(): Promise<void>;
};

/**
 * The limits counted in Redis when several nodes serve (REDIS_URL): a second node must not
 * double what a guesser or a flooding device gets (SEC4, SEC15). Each limiter falls back to a
 * counter in this node's memory while Redis is away, so the node keeps serving and limiting
 * its own connections; the shared count resumes when Redis is back.
 */
export async function connectSharedLimits(
  url: string,
  log: Logger,
  settings: { loginFailureLimit: number; joinGuessLimit: number; budgets?: BudgetSettings },
): Promise<SharedLimits> {
  // A limit asked of a Redis that does not answer falls back to memory after a second, and at
  // once while the link is known to be down: a sign-in or a vote never waits on it longer.
  const client = redisClient(url, log, 'limits are counted per node until it is back');
  await client.connect();
  const link = watchLink(client);
  const store = boundedWhileLinked(client, link, LIMIT_TIMEOUT_MS);

  const limiter = (keyPrefix: string, points: number, duration: number) =>
    new RateLimiterRedis({
      storeClient: store,
      useRedisPackage: true,
      keyPrefix: `rt:limit:${keyPrefix}`,
      points,
      duration,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration }),
    });
  const bursty = (perSecond: number, burst: number, prefix: string) =>
    new BurstyRateLimiter(limiter(prefix, perSecond, 1), limiter(`${prefix}-burst`, burst, 10));
  const s = settings.budgets ?? defaultBudgets;
  return {
    // The same windows as on one node (server/app.ts).
    login: limiter('login', settings.loginFailureLimit, 15 * 60),
    guess: limiter('guess', settings.joinGuessLimit, 15 * 60),
    budgets: commandBudgets({
      device: bursty(s.devicePerSecond, s.deviceBurst, 'device'),
      facilitator: bursty(s.facilitatorPerSecond, s.facilitatorBurst, 'facilitator'),
      workshop: bursty(s.workshopPerSecond, s.workshopBurst, 'workshop'),
    }),
    close: async () => {
      link.stop();
      await closeRedis(client);
    },
  };
}
