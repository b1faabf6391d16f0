import { createClient } from 'redis';
import type { Logger } from '../logger.ts';

const connection = (url: string) =>
  createClient({
    url,
    socket: { reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 2000) },
  });

export type RedisClient = ReturnType<typeof connection>;

/**
 * A Redis client for one of the things several nodes share (REDIS_URL). It reconnects for as
 * long as Redis is away, at most every 2 s, while the node keeps serving its own connections;
 * an outage is logged once with what it costs (`whileDown`), and its end once.
 */
export function redisClient(url: string, log: Logger, whileDown: string): RedisClient {
  const client = connection(url);
  watch(client, log, whileDown);
  return client;
}

/** The same outage logging for a client made with `duplicate()`. */
export function watch(client: RedisClient, log: Logger, whileDown: string) {
  let down = false;
  client.on('error', (err: unknown) => {
    if (down) return;
    down = true;
    log.error({ err }, `redis unreachable: ${whileDown}`);
  });
  client.on('ready', () => {
    if (down) log.info('redis reachable again');
    down = false;
  });
}

/** Gracefully while Redis answers; at once when it does not, or the close would wait for it. */
export async function closeRedis(client: RedisClient): Promise<void> {
  if (client.isReady) await client.close();
  else if (client.isOpen) client.destroy();
}
