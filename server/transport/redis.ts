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

export type LinkState = 'ok' | 'degraded';

export type RedisLink = {
  state(): LinkState;
  /** Told each time the state changes. */
  onChange(listener: (state: LinkState) => void): void;
  /** A command went unanswered: check now rather than at the next probe. */
  suspect(): void;
  stop(): void;
};

/** How often a healthy link is probed, and how long a probe may take before it counts as lost. */
const PROBE_EVERY_MS = 2000;
const PROBE_TIMEOUT_MS = 1000;

/**
 * Whether this node's link to the other nodes works. A closed connection is seen at once; a
 * Redis that accepts the connection but does not answer (overloaded, stopped, a network that
 * drops packets) only by a probe that times out, so one is sent every 2 s.
 */
export function watchLink(client: RedisClient): RedisLink {
  let state: LinkState = client.isReady ? 'ok' : 'degraded';
  const listeners: ((s: LinkState) => void)[] = [];
  let probing = false;
  const set = (next: LinkState) => {
    if (next === state) return;
    state = next;
    for (const l of listeners) l(next);
  };
  const probe = async () => {
    if (probing) return;
    if (!client.isReady) return set('degraded');
    probing = true;
    try {
      await withTimeout(client.ping(), PROBE_TIMEOUT_MS);
      set('ok');
    } catch {
      set('degraded');
    } finally {
      probing = false;
    }
  };
  const lost = () => set('degraded');
  client.on('error', lost);
  client.on('end', lost);
  const ready = () => void probe();
  client.on('ready', ready);
  const timer = setInterval(() => void probe(), PROBE_EVERY_MS);
  timer.unref();
  return {
    state: () => state,
    onChange: (listener) => void listeners.push(listener),
    suspect: () => void probe(),
    stop() {
      clearInterval(timer);
      client.off('error', lost);
      client.off('end', lost);
      client.off('ready', ready);
    },
  };
}

export class RedisTimeout extends Error {
  constructor(ms: number) {
    super(`redis did not answer within ${ms} ms`);
  }
}

/** Redis commands wait for an answer for ever; nothing a node serves may wait on them like that. */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new RedisTimeout(ms)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}

/**
 * The client as a store for libraries that check `isReady` before each command and have a
 * fallback for a command that fails (rate-limiter-flexible's insurance limiter): it counts as not
 * ready while the link is degraded, so they fall back at once, and a command (or a MULTI's EXEC)
 * that Redis has not answered within `timeoutMs` fails, so they fall back then. node-redis's own
 * command timeout does not help here: it stops counting once the command is written.
 */
export function boundedWhileLinked(
  client: RedisClient,
  link: RedisLink,
  timeoutMs: number,
): RedisClient {
  const bounded = <T extends object>(target: T): T => {
    const proxy: T = new Proxy(target, {
      get(t, property) {
        if (t === client && property === 'isReady') {
          return client.isReady && link.state() === 'ok';
        }
        const value: unknown = Reflect.get(t, property, t);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          const result: unknown = (value as (...a: unknown[]) => unknown).apply(t, args);
          if (result === t) return proxy;
          if (result instanceof Promise) {
            return withTimeout(result, timeoutMs).catch((err: unknown) => {
              if (err instanceof RedisTimeout) link.suspect();
              throw err;
            });
          }
          // A MULTI being built: its EXEC is what waits on Redis.
          if (isMulti(result)) return bounded(result);
          return result;
        };
      },
    });
    return proxy;
  };
  return bounded(client);
}

const isMulti = (value: unknown): value is { exec: () => Promise<unknown> } =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { exec?: unknown }).exec === 'function';
