import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Logger } from '../../logger.ts';
import { closeRedis, redisClient } from '../redis.ts';

export type SocketCluster = {
  /** The Socket.IO adapter: rooms, broadcasts and `fetchSockets()` reach every node. */
  adapter: ReturnType<typeof createAdapter>;
  close(): Promise<void>;
};

/**
 * Joins this node's Socket.IO rooms to the other nodes' through Redis (REDIS_URL). The streams
 * adapter rather than the pub/sub one: a node that loses Redis for a moment reads on from its
 * last offset in the stream when it is back, instead of missing what was broadcast meanwhile.
 */
export async function connectSocketCluster(url: string, log: Logger): Promise<SocketCluster> {
  // Its rooms are only cut off from the other nodes' while Redis is away.
  const client = redisClient(url, log, 'the nodes are not linked until it is back');
  await client.connect();
  return {
    // A short blocking read, so a closing node lets go of Redis within a second.
    adapter: createAdapter(client, { blockTimeInMs: 1000 }),
    close: () => closeRedis(client),
  };
}
