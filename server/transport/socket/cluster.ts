import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';
import type { Logger } from '../../logger.ts';

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
  const client = createClient({
    url,
    // Retried for as long as Redis is away, at most every 2 s: the node keeps serving its own
    // connections meanwhile (its rooms are only cut off from the other nodes').
    socket: { reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 2000) },
  });
  let down = false;
  client.on('error', (err: unknown) => {
    if (down) return;
    down = true;
    log.error({ err }, 'redis unreachable: the nodes are not linked until it is back');
  });
  client.on('ready', () => {
    if (down) log.info('redis reachable again');
    down = false;
  });
  await client.connect();
  return {
    // A short blocking read, so a closing node lets go of Redis within a second.
    adapter: createAdapter(client, { blockTimeInMs: 1000 }),
    async close() {
      // Gracefully while Redis answers; at once when it does not, or the close would wait for it.
      if (client.isReady) await client.close();
      else if (client.isOpen) client.destroy();
    },
  };
}
