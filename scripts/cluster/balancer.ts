import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';

/**
 * A small load balancer for running several nodes on one machine (`npm run cluster`, and the
 * tests): node:http and node:net only. It does what deploy/haproxy.cfg does in docker compose,
 * on a smaller scale:
 *
 * - Sticky by cookie: the first answer sets RT_NODE to the node that gave it, and every later
 *   request carrying it (Socket.IO's long-polling requests, then its WebSocket upgrade) goes to
 *   that node, which alone knows the polling session. Requests without it take turns.
 * - WebSocket upgrades (Socket.IO, /yjs) are tunnelled as raw TCP after the handshake.
 * - The client's address goes in a fresh X-Forwarded-For (one hop; the nodes run with
 *   TRUST_PROXY=1), the Host header passes unchanged.
 * - Failover instead of health checks: a node that refuses or resets a connection is taken out
 *   of the turns for a while (`downMs`), and the request goes to another node at once, its
 *   cookie replaced, so the phones of a killed node come back through it within their first
 *   reconnection attempt.
 */
export type Balancer = {
  url: string;
  close(): Promise<void>;
};

export const STICKY_COOKIE = 'RT_NODE';

/**
 * Errors that say the node is gone (its process died or was killed), as opposed to a request
 * the node answered badly. Only these mark it down and send the request elsewhere. A reset
 * before any answer also sends the request again: the node may have acted on it before it
 * died, which Socket.IO's requests (a node that does not know the session refuses them) and
 * commands (ids make them idempotent) tolerate; a join may leave an unused participant.
 */
const gone = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ECONNABORTED', 'EHOSTUNREACH']);

function isGone(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code !== undefined && gone.has(code);
}

export async function startBalancer(opts: {
  /** The nodes' base URLs, e.g. http://127.0.0.1:4001. */
  targets: string[];
  host?: string;
  port?: number;
  /** How long a node that refused a connection is left out before it is tried again. */
  downMs?: number;
}): Promise<Balancer> {
  if (opts.targets.length === 0) throw new Error('startBalancer: no targets');
  const targets = opts.targets.map((t) => new URL(t));
  const downMs = opts.downMs ?? 2000;
  /** Until when each node is left out; a node restarted meanwhile is found on the next try. */
  const downUntil = targets.map(() => 0);
  let turn = 0;
  const tunnels = new Set<Duplex>();

  const isUp = (index: number) => downUntil[index]! <= Date.now();
  const markDown = (index: number) => {
    downUntil[index] = Date.now() + downMs;
  };

  /** The next node in turn that is not known to be down and not already tried for this request. */
  function nextTurn(tried: ReadonlySet<number>): number | undefined {
    for (const upOnly of [true, false]) {
      for (let i = 0; i < targets.length; i++) {
        const index = (turn + i) % targets.length;
        if (tried.has(index) || (upOnly && !isUp(index))) continue;
        turn = (index + 1) % targets.length;
        return index;
      }
    }
    return undefined;
  }

  /**
   * The node this request sticks to, and whether the client already knows it. A cookie naming a
   * node that is down counts as no cookie: the client is sent elsewhere and told its new node.
   */
  function pick(headers: IncomingHttpHeaders): { index: number; known: boolean } {
    const sticky = readCookie(headers.cookie, STICKY_COOKIE);
    const index = sticky === undefined ? NaN : Number(sticky);
    if (Number.isInteger(index) && index >= 0 && index < targets.length && isUp(index)) {
      return { index, known: true };
    }
    return { index: nextTurn(new Set())!, known: false };
  }

  function forwardedHeaders(req: IncomingMessage): IncomingHttpHeaders {
    const headers = { ...req.headers };
    // Any X-Forwarded-For the client wrote is dropped: this balancer is where requests enter.
    headers['x-forwarded-for'] = req.socket.remoteAddress ?? '';
    headers['x-forwarded-proto'] = 'http';
    return headers;
  }

  const cookieFor = (index: number) => `${STICKY_COOKIE}=${index}; Path=/; HttpOnly; SameSite=Lax`;

  const server = http.createServer((req, res) => {
    // The body is kept whole so that a request a dead node refused can be sent to another one.
    // Requests here are small (JSON, Socket.IO polling packets).
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const first = pick(req.headers);
      const tried = new Set<number>();
      const attempt = (index: number, known: boolean) => {
        tried.add(index);
        const target = targets[index]!;
        const upstream = http.request(
          {
            // No keep-alive: a pooled connection to a node that has died would only say so on
            // the next request, and each request finding out for itself is what the failover
            // relies on.
            agent: false,
            host: target.hostname,
            port: target.port,
            method: req.method,
            path: req.url,
            headers: { ...forwardedHeaders(req), connection: 'close' },
          },
          (answer) => {
            const headers = { ...answer.headers };
            if (!known) {
              // Replaces any RT_NODE the client sent: the node it named may be the dead one.
              headers['set-cookie'] = [...(headers['set-cookie'] ?? []), cookieFor(index)];
            }
            res.writeHead(answer.statusCode ?? 502, answer.statusMessage, headers);
            answer.pipe(res);
            answer.on('error', () => res.destroy());
          },
        );
        upstream.on('error', (err) => {
          if (isGone(err) && !res.headersSent) {
            markDown(index);
            const next = nextTurn(tried);
            if (next !== undefined) {
              attempt(next, false);
              return;
            }
          }
          if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
          res.end('Bad gateway: the node did not answer');
        });
        upstream.end(body);
      };
      attempt(first.index, first.known);
    });
    req.on('error', () => res.destroy());
  });

  server.on('upgrade', (req: IncomingMessage, client: Duplex, head: Buffer) => {
    tunnels.add(client);
    let node: net.Socket | undefined;
    const drop = () => {
      client.destroy();
      node?.destroy();
      tunnels.delete(client);
      if (node) tunnels.delete(node);
    };
    client.on('error', drop).on('close', drop);

    const first = pick(req.headers);
    const tried = new Set<number>();
    const attempt = (index: number, known: boolean) => {
      tried.add(index);
      const target = targets[index]!;
      const socket = net.connect(Number(target.port), target.hostname);
      node = socket;
      tunnels.add(socket);
      let opened = false;
      socket.once('error', (err) => {
        tunnels.delete(socket);
        socket.destroy();
        if (!opened && isGone(err) && !client.destroyed) {
          // Refused before the tunnel opened: this node is gone, the next one takes the client.
          markDown(index);
          const next = nextTurn(tried);
          if (next !== undefined) return attempt(next, false);
        }
        drop();
      });
      socket.once('connect', () => {
        opened = true;
        socket.on('error', drop).on('close', drop);
        // The handshake goes as it came, with the forwarding headers replaced; after it the
        // bytes pass untouched both ways.
        const lines = [`${req.method} ${req.url} HTTP/1.1`];
        for (const [name, value] of Object.entries(forwardedHeaders(req))) {
          for (const v of Array.isArray(value) ? value : [value]) {
            if (v !== undefined) lines.push(`${name}: ${v}`);
          }
        }
        socket.write(lines.join('\r\n') + '\r\n\r\n');
        if (head.length > 0) socket.write(head);
        client.pipe(socket);
        if (known) {
          socket.pipe(client);
          return;
        }
        // A browser keeps a cookie set on the WebSocket handshake's answer: a phone whose node
        // died learns its new one here, so its next requests stick to the node that has it.
        injectCookie(socket, client, cookieFor(index));
      });
    };
    attempt(first.index, first.known);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as net.AddressInfo;
  const host = address.address.includes(':') ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    async close() {
      for (const socket of tunnels) socket.destroy();
      tunnels.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Passes the node's answer to the client with a Set-Cookie line added to its head (the first
 * lines, up to the blank one), then the rest untouched. Frames may follow the head in the same
 * chunk, so the head is cut at its end, not at a chunk's.
 */
function injectCookie(node: net.Socket, client: Duplex, cookie: string) {
  let buffered = Buffer.alloc(0);
  const onData = (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    const end = buffered.indexOf('\r\n\r\n');
    if (end < 0) {
      // A head this long is not a WebSocket handshake answer; pass it on as it is.
      if (buffered.length > 64 * 1024) finish(buffered);
      return;
    }
    finish(
      Buffer.concat([
        buffered.subarray(0, end),
        Buffer.from(`\r\nSet-Cookie: ${cookie}`),
        buffered.subarray(end),
      ]),
    );
  };
  const finish = (data: Buffer) => {
    node.off('data', onData);
    client.write(data);
    node.pipe(client);
  };
  node.on('data', onData);
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
