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
 */
export type Balancer = {
  url: string;
  close(): Promise<void>;
};

export const STICKY_COOKIE = 'RT_NODE';

export async function startBalancer(opts: {
  /** The nodes' base URLs, e.g. http://127.0.0.1:4001. */
  targets: string[];
  host?: string;
  port?: number;
}): Promise<Balancer> {
  if (opts.targets.length === 0) throw new Error('startBalancer: no targets');
  const targets = opts.targets.map((t) => new URL(t));
  let turn = 0;
  const agent = new http.Agent({ keepAlive: true });
  const tunnels = new Set<Duplex>();

  /** The node this request sticks to, and whether the client already knows it. */
  function pick(headers: IncomingHttpHeaders): { index: number; known: boolean } {
    const sticky = readCookie(headers.cookie, STICKY_COOKIE);
    const index = sticky === undefined ? NaN : Number(sticky);
    if (Number.isInteger(index) && index >= 0 && index < targets.length) {
      return { index, known: true };
    }
    const next = turn;
    turn = (turn + 1) % targets.length;
    return { index: next, known: false };
  }

  function forwardedHeaders(req: IncomingMessage): IncomingHttpHeaders {
    const headers = { ...req.headers };
    // Any X-Forwarded-For the client wrote is dropped: this balancer is where requests enter.
    headers['x-forwarded-for'] = req.socket.remoteAddress ?? '';
    headers['x-forwarded-proto'] = 'http';
    return headers;
  }

  const server = http.createServer((req, res) => {
    const { index, known } = pick(req.headers);
    const target = targets[index]!;
    const upstream = http.request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: forwardedHeaders(req),
      },
      (answer) => {
        const headers = { ...answer.headers };
        if (!known) {
          const cookies = headers['set-cookie'] ?? [];
          headers['set-cookie'] = [
            ...cookies,
            `${STICKY_COOKIE}=${index}; Path=/; HttpOnly; SameSite=Lax`,
          ];
        }
        res.writeHead(answer.statusCode ?? 502, answer.statusMessage, headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end('Bad gateway: the node did not answer');
    });
    req.pipe(upstream);
  });

  server.on('upgrade', (req: IncomingMessage, client: Duplex, head: Buffer) => {
    const { index } = pick(req.headers);
    const target = targets[index]!;
    const node = net.connect(Number(target.port), target.hostname);
    tunnels.add(client);
    tunnels.add(node);
    const drop = () => {
      client.destroy();
      node.destroy();
      tunnels.delete(client);
      tunnels.delete(node);
    };
    client.on('error', drop).on('close', drop);
    node.on('error', drop).on('close', drop);
    node.once('connect', () => {
      // The handshake goes as it came, with the forwarding headers replaced; after it the
      // bytes pass untouched both ways.
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (const [name, value] of Object.entries(forwardedHeaders(req))) {
        for (const v of Array.isArray(value) ? value : [value]) {
          if (v !== undefined) lines.push(`${name}: ${v}`);
        }
      }
      node.write(lines.join('\r\n') + '\r\n\r\n');
      if (head.length > 0) node.write(head);
      node.pipe(client);
      client.pipe(node);
    });
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
      agent.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
