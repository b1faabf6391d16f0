import { randomBytes } from 'node:crypto';
import type { Logger } from '../../logger.ts';
import { closeRedis, redisClient, watch, watchLink, withTimeout } from '../redis.ts';

/**
 * How the nodes serving one workshop keep their copies of a document in step (REDIS_URL). Each
 * node stores an update in PostgreSQL before anything else (the store stays the authority), then
 * tells the other nodes; a node with the document open applies it and passes it to its own
 * connections, without storing it again. One node alone needs none of this.
 */
export interface DocRelay {
  /** Tells the other nodes of updates this node has stored. */
  publish(docName: string, updates: readonly Uint8Array[]): void;
  /**
   * Starts hearing other nodes' updates to a document; resolves once Redis has confirmed the
   * subscription, so a document loaded after it misses nothing stored meanwhile (Yjs updates
   * are idempotent: one heard and also loaded does no harm).
   */
  subscribe(docName: string, heard: (update: Uint8Array) => void): Promise<() => void>;
  /** Asks every node to re-check who may write these documents (a café round ended). */
  recheck(docNames: readonly string[]): void;
  /** What another node asked to re-check. */
  onRecheck(handler: (docNames: string[]) => void): void;
  /**
   * Told when Redis is back after an outage: updates stored elsewhere meanwhile were not heard,
   * so open documents read what they missed from the store.
   */
  onReconnect(handler: () => void): void;
  close(): Promise<void>;
}

const NODE_ID_BYTES = 8;
const channelOf = (docName: string) => `rt:yjs:${docName}`;
const RECHECK_CHANNEL = 'rt:yjs-recheck';
/** How long opening a document waits for Redis to confirm it listens. */
const SUBSCRIBE_TIMEOUT_MS = 1000;

/** Redis pub/sub, one channel per open document; each message carries its sender's id. */
export async function connectDocRelay(url: string, log: Logger): Promise<DocRelay> {
  const node = randomBytes(NODE_ID_BYTES);
  const whileDown = 'documents are not relayed between nodes';
  const pub = redisClient(url, log, whileDown);
  const sub = pub.duplicate();
  watch(sub, log, whileDown);
  const reconnectHandlers: (() => void)[] = [];
  await Promise.all([pub.connect(), sub.connect()]);
  const caughtUp = () => {
    for (const h of reconnectHandlers) h();
  };
  // The subscriber's own reconnection (it subscribes again by itself) marks the end of a gap;
  // so does a Redis that kept the connections open but answered nothing for a while.
  sub.on('ready', caughtUp);
  const link = watchLink(pub);
  link.onChange((state) => {
    if (state === 'ok') caughtUp();
  });
  const listeners = new Map<string, Set<(update: Uint8Array) => void>>();
  const recheckHandlers: ((docNames: string[]) => void)[] = [];

  const fromOthers = (message: Buffer) =>
    message.length > NODE_ID_BYTES && !message.subarray(0, NODE_ID_BYTES).equals(node);

  await sub.subscribe(
    RECHECK_CHANNEL,
    (message: Buffer) => {
      if (!fromOthers(message)) return;
      try {
        const names = JSON.parse(message.subarray(NODE_ID_BYTES).toString('utf8')) as unknown;
        if (!Array.isArray(names)) return;
        const docNames = names.filter((n): n is string => typeof n === 'string');
        for (const h of recheckHandlers) h(docNames);
      } catch (err) {
        log.error({ err }, 'relay: bad re-check message');
      }
    },
    true,
  );

  function send(channel: string, payload: Uint8Array) {
    pub.publish(channel, Buffer.concat([node, payload])).catch((err: unknown) => {
      // The other nodes catch up from the store when Redis is back (their peers resync).
      if (pub.isReady) log.error({ err, channel }, 'relay: publish failed');
    });
  }

  return {
    publish(docName, updates) {
      for (const update of updates) send(channelOf(docName), update);
    },
    async subscribe(docName, heard) {
      const channel = channelOf(docName);
      let set = listeners.get(docName);
      if (!set) {
        set = new Set();
        listeners.set(docName, set);
        const mine = set;
        const subscribed = sub.subscribe(
          channel,
          (message: Buffer) => {
            if (!fromOthers(message)) return;
            const update = new Uint8Array(message.subarray(NODE_ID_BYTES));
            for (const l of mine) l(update);
          },
          true,
        );
        // With Redis away the subscription waits for it; the document must not (this node's
        // own phones keep writing), and what it misses is read from the store on reconnect.
        // Nor for a Redis that does not answer: the gap is read from the store once it does.
        if (sub.isReady && link.state() === 'ok') {
          await withTimeout(subscribed, SUBSCRIBE_TIMEOUT_MS).catch(() => link.suspect());
        } else subscribed.catch(() => undefined);
      }
      set.add(heard);
      const mine = set;
      return () => {
        mine.delete(heard);
        if (mine.size > 0 || listeners.get(docName) !== mine) return;
        listeners.delete(docName);
        sub.unsubscribe(channel).catch(() => undefined);
      };
    },
    recheck(docNames) {
      if (docNames.length > 0) send(RECHECK_CHANNEL, Buffer.from(JSON.stringify(docNames)));
    },
    onRecheck(handler) {
      recheckHandlers.push(handler);
    },
    onReconnect(handler) {
      reconnectHandlers.push(handler);
    },
    async close() {
      link.stop();
      listeners.clear();
      await Promise.all([closeRedis(pub), closeRedis(sub)]);
    },
  };
}
