import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Logger } from '../../logger.ts';
import {
  closeRedis,
  redisClient,
  RedisTimeout,
  watchLink,
  withTimeout,
  type LinkState,
} from '../redis.ts';

export type SocketCluster = {
  /** The Socket.IO adapter: rooms, broadcasts and `fetchSockets()` reach every node. */
  adapter: ReturnType<typeof createAdapter>;
  /** Whether broadcasts reach the other nodes now (SCALE5). */
  link(): LinkState;
  onLinkChange(listener: (state: LinkState) => void): void;
  /** Coalesces one kind of push across the nodes (SCALE13): see `TallySlots`. */
  claim(key: string, ms: number): Promise<Claim>;
  close(): Promise<void>;
};

/** Whether this node may do the work now, or how long another node holds it for. */
export type Claim = { claimed: true } | { claimed: false; heldForMs: number };

/** How long a broadcast may wait on Redis before this node's own connections get it anyway. */
const PUBLISH_TIMEOUT_MS = 1000;

/**
 * Joins this node's Socket.IO rooms to the other nodes' through Redis (REDIS_URL). The streams
 * adapter rather than the pub/sub one: a node that loses Redis for a moment reads on from its
 * last offset in the stream when it is back, instead of missing what was broadcast meanwhile.
 */
export async function connectSocketCluster(url: string, log: Logger): Promise<SocketCluster> {
  // Its rooms are only cut off from the other nodes' while Redis is away.
  const client = redisClient(url, log, 'the nodes are not linked until it is back');
  await client.connect();
  const link = watchLink(client);
  // A short blocking read, so a closing node lets go of Redis within a second.
  const streams = createAdapter(client, { blockTimeInMs: 1000 });
  const linked = () => client.isReady && link.state() === 'ok';
  const bounded = <T>(call: () => Promise<T>): Promise<T> =>
    withTimeout(call(), PUBLISH_TIMEOUT_MS).catch((err: unknown) => {
      if (err instanceof RedisTimeout) link.suspect();
      throw err;
    });
  return {
    // Socket.IO calls it with `new`, so a function, not an arrow; what it returns is the adapter.
    adapter: function (nsp) {
      const adapter = streams(nsp);
      notWaitingOnRedis(adapter as unknown as Publishing, linked, bounded);
      return adapter;
    },
    link: () => link.state(),
    onLinkChange: (listener) => link.onChange(listener),
    async claim(key, ms) {
      // Unlinked, each node pushes to its own connections, as it would alone.
      if (!linked()) return { claimed: true };
      const name = `rt:claim:${key}`;
      try {
        const set = await bounded(() => client.set(name, '1', { NX: true, PX: ms }));
        if (set === 'OK') return { claimed: true };
        const left = await bounded(() => client.pTTL(name));
        return { claimed: false, heldForMs: Math.max(0, Math.min(ms, left)) };
      } catch {
        return { claimed: true };
      }
    },
    close: async () => {
      link.stop();
      await closeRedis(client);
    },
  };
}

/** The adapter's calls that go to Redis on the way to this node's own connections. */
type Publishing = {
  doPublish(message: unknown): Promise<unknown>;
  doPublishResponse(requesterUid: string, response: unknown): Promise<void>;
  serverCount(): Promise<number>;
};

/**
 * The adapter publishes a broadcast to Redis and only then delivers it to this node's sockets;
 * with Redis away, the client queues the publish until it is back, and this node's own phones
 * would hear nothing meanwhile. Instead, while the link is down, publishing fails at once (the
 * adapter then delivers locally, which it does on any publish error) and "how many nodes" is
 * one, so "who is here" counts this node's sockets instead of waiting for answers that cannot
 * come. What the other nodes missed, they read again when the link is back (`room:resync`).
 */
function notWaitingOnRedis(
  adapter: Publishing,
  linked: () => boolean,
  bounded: <T>(call: () => Promise<T>) => Promise<T>,
) {
  const doPublish = adapter.doPublish.bind(adapter);
  const doPublishResponse = adapter.doPublishResponse.bind(adapter);
  const serverCount = adapter.serverCount.bind(adapter);
  adapter.doPublish = (message) =>
    linked() ? bounded(() => doPublish(message)) : Promise.reject(new Error('nodes not linked'));
  adapter.doPublishResponse = (requesterUid, response) =>
    linked()
      ? bounded(() => doPublishResponse(requesterUid, response))
      : Promise.reject(new Error('nodes not linked'));
  adapter.serverCount = () => (linked() ? bounded(serverCount).catch(() => 1) : Promise.resolve(1));
}
