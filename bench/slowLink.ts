import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A slow mobile link in front of a server on 127.0.0.1: a TCP relay that holds every byte for
 * half the round-trip latency each way and lets the bytes of all connections through one shared
 * pipe of the given throughput per direction, as one phone's radio would.
 *
 * Why not Chromium's own network emulation: `Network.emulateNetworkConditions` slows what a page
 * fetches, but not what its service worker fetches (tried on the page's and on the worker's own
 * DevTools target, with and without `emulateNetworkConditionsByRule`: the worker's requests came
 * back in 15 to 45 ms). From the moment the worker takes over a phone, mid-way through its first
 * visit, the chunks fetched at the tap on Join, and on a returning phone the page itself, went
 * over an unthrottled link, and the phone looked up to a round trip faster than it is. This link
 * slows everything the browser sends to the server, WebSocket frames included.
 *
 * Like Chromium's emulation it adds the latency once per exchange, not to the TCP handshake (the
 * relay accepts at once on the loopback), so its figures compare with DevTools' presets.
 */
export type SlowLink = {
  url: string;
  /**
   * Bytes the link has handed to the phone since the last call: pages, scripts, the API,
   * WebSockets.
   */
  takeBytesDown(): number;
  /** Resolves once nothing has crossed the link for `ms` (or after `maxMs` regardless). */
  quiet(ms: number, maxMs: number): Promise<void>;
  close(): Promise<void>;
};

/** Pieces small enough that a large write trickles out as the throughput allows. */
const PIECE = 2048;

export async function startSlowLink(opts: {
  target: string;
  latencyMs: number;
  /** Bytes per second, each way. */
  throughput: number;
}): Promise<SlowLink> {
  const target = new URL(opts.target);
  const oneWay = opts.latencyMs / 2;
  // When each direction's shared pipe is next free, in ms on the monotonic clock.
  const free = { up: 0, down: 0 };
  const sockets = new Set<Socket>();
  let down = 0;
  let lastByteAt = 0;

  function relay(from: Socket, to: Socket, way: 'up' | 'down') {
    // This connection's bytes in this direction, in order, each with the moment it arrives. One
    // timer drains them front first: timers of different lengths may fire out of order within a
    // millisecond, and reordered bytes are a broken HTTP response.
    const queue: { at: number; piece: Buffer | 'end' | 'reset' }[] = [];
    let timer: NodeJS.Timeout | undefined;
    const drain = () => {
      timer = undefined;
      const now = performance.now();
      while (queue.length > 0 && queue[0]!.at <= now) {
        const { piece } = queue.shift()!;
        if (to.destroyed) continue;
        if (piece === 'end') to.end();
        else if (piece === 'reset') to.destroy();
        else {
          // Counted as the phone receives it: what a reading at ready has really reached it.
          if (way === 'down') down += piece.length;
          to.write(piece);
        }
      }
      if (queue.length > 0) timer = setTimeout(drain, Math.max(0, queue[0]!.at - now));
    };
    const send = (piece: Buffer | 'end' | 'reset', at: number) => {
      queue.push({ at, piece });
      timer ??= setTimeout(drain, Math.max(0, queue[0]!.at - performance.now()));
    };
    from.on('data', (data: Buffer) => {
      lastByteAt = Math.max(lastByteAt, performance.now() + oneWay);
      for (let at = 0; at < data.length; at += PIECE) {
        const piece = data.subarray(at, Math.min(data.length, at + PIECE));
        const start = Math.max(performance.now(), free[way]);
        free[way] = start + (piece.length / opts.throughput) * 1000;
        send(piece, free[way] + oneWay);
      }
    });
    // An end or a reset travels behind the bytes before it.
    const last = () => Math.max(performance.now() + oneWay, queue.at(-1)?.at ?? 0);
    from.on('end', () => send('end', last()));
    from.on('error', () => send('reset', last()));
  }

  const server: Server = createServer((phone) => {
    const upstream = connect(Number(target.port), target.hostname);
    for (const s of [phone, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.setNoDelay(true);
    }
    relay(phone, upstream, 'up');
    relay(upstream, phone, 'down');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    takeBytesDown: () => {
      const n = down;
      down = 0;
      return n;
    },
    quiet: async (ms, maxMs) => {
      const until = performance.now() + maxMs;
      while (
        performance.now() < until &&
        performance.now() - Math.max(lastByteAt, free.down, free.up) < ms
      ) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
