import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBalancer, STICKY_COOKIE } from '../../scripts/cluster/balancer.ts';
import { boardDocName, type PublicNote } from '../../shared/domain/board.ts';
import type { RoomState } from '../../shared/domain/workshop.ts';
import { PROTOCOL_VERSION } from '../../shared/protocol/version.ts';
import { createTestDatabase, startApp, type TestApp, type TestDatabase } from '../helpers/app.ts';
import {
  connect,
  createOpenWorkshop,
  join,
  ok,
  setUpFacilitator,
  type HttpClient,
  type ScriptedClient,
} from '../helpers/clients.ts';
import { eventually } from '../helpers/eventually.ts';
import { freePort } from '../helpers/ports.ts';
import { startRedis, type RedisServer } from '../helpers/redis.ts';
import { openYjsPeer, type YjsPeer } from '../helpers/yjs.ts';

/**
 * SCALE6: the load balancers in front of two real nodes (one PostgreSQL database, one Redis).
 * The same checks run through the small balancer of `npm run cluster` and through Debian's
 * HAProxy with deploy/haproxy.cfg itself (only its listening address and its servers, which
 * compose finds through Docker's DNS, are replaced by loopback ones).
 */
const root = fileURLToPath(new URL('../../', import.meta.url));

type Front = { url: string; close(): Promise<void> };

async function waitForPort(port: number, child: ChildProcess, output: () => string) {
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`haproxy exited: ${output()}`);
    const open = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() - started > 10_000) throw new Error(`haproxy did not listen: ${output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** deploy/haproxy.cfg with loopback addresses for its listener and its servers. */
function localHaproxyConfig(port: number, nodes: string[]): string {
  const shipped = readFileSync(path.join(root, 'deploy/haproxy.cfg'), 'utf8');
  const bind = /^(\s*)bind :3000$/m;
  const template = /^(\s*)server-template app \S+ app:3000 (.*) resolvers docker .*$/m;
  if (!bind.test(shipped) || !template.test(shipped)) {
    throw new Error('deploy/haproxy.cfg changed: update localHaproxyConfig to match');
  }
  return shipped
    .replace(bind, `$1bind 127.0.0.1:${port}`)
    .replace(template, (_m, indent, opts) =>
      nodes.map((n, i) => `${indent}server app${i + 1} ${new URL(n).host} ${opts}`).join('\n'),
    );
}

async function startHaproxy(nodes: string[]): Promise<Front> {
  const dir = mkdtempSync(path.join(tmpdir(), 'rt-haproxy-'));
  const port = await freePort();
  const file = path.join(dir, 'haproxy.cfg');
  writeFileSync(file, localHaproxyConfig(port, nodes));
  const child = spawn('haproxy', ['-db', '-f', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitForPort(port, child, () => output);
  } catch (err) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function stickyCookie(res: Response): string | undefined {
  return res.headers
    .getSetCookie()
    .find((c) => c.startsWith(`${STICKY_COOKIE}=`))
    ?.split(';')[0];
}

describe('[SCALE6] the shipped HAProxy configuration', () => {
  it('[SCALE6] is valid for the HAProxy Debian ships (haproxy -c)', () => {
    const check = spawnSync('haproxy', ['-c', '-f', path.join(root, 'deploy/haproxy.cfg')], {
      encoding: 'utf8',
    });
    expect(check.error).toBeUndefined();
    expect(check.stdout + check.stderr).toContain('Configuration file is valid');
    expect(check.status).toBe(0);
  });
});

describe.each([
  [
    'the npm run cluster balancer',
    async (nodes: string[]): Promise<Front> => startBalancer({ targets: nodes }),
  ],
  ['HAProxy with deploy/haproxy.cfg', startHaproxy],
])('[SCALE6] two nodes behind %s', (_name, startFront) => {
  let redis: RedisServer;
  let database: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  let front: Front;
  let http: HttpClient;
  const clients: ScriptedClient[] = [];
  const peers: YjsPeer[] = [];
  const sockets: ReturnType<typeof io>[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    database = await createTestDatabase('postgres');
    const env = { REDIS_URL: redis.url, TRUST_PROXY: '1', JOIN_GUESS_LIMIT: '4' };
    a = await startApp('postgres', env, { database });
    b = await startApp('postgres', env, { database });
    front = await startFront([a.url, b.url]);
    http = await setUpFacilitator(a.url);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    for (const c of clients) c.close();
    for (const p of peers) p.close();
    await front?.close();
    await a?.close();
    await b?.close();
    await database?.drop();
    redis?.stop();
  });

  it('[SCALE6] spreads new clients over both nodes, each told by cookie which node it has', async () => {
    const seen = new Set<string>();
    await eventually(async () => {
      const res = await fetch(`${front.url}/healthz`);
      expect(res.status).toBe(200);
      const cookie = stickyCookie(res);
      expect(cookie).toBeDefined();
      seen.add(cookie!);
      expect(seen.size).toBe(2);
    });
    // With the cookie, a client stays where it was sent: no new cookie, whatever the turn.
    const [first] = [...seen];
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${front.url}/healthz`, { headers: { cookie: first! } });
      expect(res.status).toBe(200);
      expect(stickyCookie(res)).toBeUndefined();
    }
  });

  /** A phone's Socket.IO connection through the balancer, as a browser opens it. */
  function phoneSocket(
    token: string,
    opts: { polling: 'only' | 'then-upgrade'; cookies: boolean },
  ) {
    const socket = io(front.url, {
      auth: { v: PROTOCOL_VERSION, role: 'participant', token },
      transports: opts.polling === 'only' ? ['polling'] : ['polling', 'websocket'],
      upgrade: opts.polling !== 'only',
      // In Node, engine.io-client keeps cookies (here, the balancer's) only with this set.
      withCredentials: opts.cookies,
      reconnection: false,
      forceNew: true,
    });
    sockets.push(socket);
    const states: RoomState[] = [];
    socket.on('room:state', (s: RoomState) => states.push(s));
    const connected = new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', (err) => reject(err));
    });
    return { socket, states, connected };
  }

  it('[SCALE6] a Socket.IO phone long-polls and upgrades through it, and hears the room from a console on either node', async () => {
    const { workshop, code, fac } = await createOpenWorkshop(http);
    clients.push(fac);
    const board = workshop.agenda[0]!;
    const phones = [];
    for (const polling of ['only', 'then-upgrade'] as const) {
      const joined = await join(front.url, code, { groupKey: 'resident' });
      expect(joined.status).toBe(201);
      const phone = phoneSocket(joined.body.token, { polling, cookies: true });
      await phone.connected;
      phones.push(phone);
    }
    const [polling, upgraded] = phones;
    await eventually(() => expect(upgraded!.socket.io.engine.transport.name).toBe('websocket'));
    expect(polling!.socket.io.engine.transport.name).toBe('polling');

    // Several pushes over several polls: each poll must reach the node holding the session.
    for (const activityId of [board.id, null, board.id]) {
      ok(await fac.command('activity:goto', { activityId }));
      for (const phone of phones) {
        await eventually(() => expect(phone.states.at(-1)?.currentActivityId).toBe(activityId));
      }
    }
    expect(polling!.socket.connected).toBe(true);
  });

  it('[SCALE6] without its cookie, a long-polling phone loses its session between nodes (why the balancer is sticky)', async () => {
    const { code, fac } = await createOpenWorkshop(http);
    clients.push(fac);
    const joined = await join(front.url, code, { groupKey: 'resident' });
    const phone = phoneSocket(joined.body.token, { polling: 'only', cookies: false });
    // Turns alternate, so the poll after the handshake goes to the other node, which has never
    // heard of the session.
    await expect(phone.connected).rejects.toThrow();
  });

  it('[SCALE6] a /yjs WebSocket opens through it and hears notes written through either node', async () => {
    const { workshop, code, fac } = await createOpenWorkshop(http);
    clients.push(fac);
    const board = workshop.agenda[0]!;
    ok(await fac.command('activity:goto', { activityId: board.id }));
    const reader = await join(front.url, code, { groupKey: 'resident' });
    // Two readers through the balancer: without cookies the turns put them on different nodes.
    for (let i = 0; i < 2; i++) {
      peers.push(
        await openYjsPeer(front.url, boardDocName(board.id), { token: reader.body.token }),
      );
    }
    const texts: string[] = [];
    for (const node of [a, b]) {
      const joined = await join(node.url, code, { groupKey: 'officer' });
      const writer = await connect(node.url, { role: 'participant', token: joined.body.token });
      clients.push(writer);
      const text = `A bench by the pond, through ${node === a ? 'A' : 'B'}`;
      texts.push(text);
      ok(await writer.command('note:add', { id: randomUUID(), activityId: board.id, text }));
    }
    for (const peer of peers.slice(-2)) {
      await eventually(() =>
        expect(
          [...peer.doc.getMap<PublicNote>('notes').values()].map((n) => n.text).sort(),
        ).toEqual([...texts].sort()),
      );
    }
  });

  // Last: once the limit is reached, this address may not join anything for a while.
  it('[SCALE6] counts join guesses per real client address: a made-up X-Forwarded-For does not reset the count', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await fetch(`${front.url}/api/join/AAAA${'CEFGHJ'[i]}A`, {
        headers: { 'x-forwarded-for': `198.51.100.${i + 1}` },
      });
      await res.body?.cancel();
      statuses.push(res.status);
    }
    // JOIN_GUESS_LIMIT=4: had the nodes believed the header, every guess would be a first one.
    expect(statuses).toEqual([404, 404, 404, 404, 429, 429]);
  });
});

describe('[SCALE8] the npm run cluster balancer when a node is gone', () => {
  let alive: http.Server;
  let aliveUrl: string;
  let deadUrl: string;
  let front: Front;

  beforeAll(async () => {
    // A stand-in node that echoes what it got, and an address where nothing listens any more,
    // as after kill -9: connections to it are refused.
    alive = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        res.end(`alive ${req.method} ${body}`);
      });
    });
    alive.on('upgrade', (_req, socket: net.Socket) => {
      socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\nframe');
      socket.end();
    });
    await new Promise<void>((resolve) => alive.listen(0, '127.0.0.1', () => resolve()));
    aliveUrl = `http://127.0.0.1:${(alive.address() as net.AddressInfo).port}`;
    deadUrl = `http://127.0.0.1:${await freePort()}`;
    front = await startBalancer({ targets: [deadUrl, aliveUrl], downMs: 60_000 });
  });
  afterAll(async () => {
    await front?.close();
    alive?.closeAllConnections();
    await new Promise<void>((resolve) => (alive ? alive.close(() => resolve()) : resolve()));
  });

  it('[SCALE8] sends every request to the node that is up, its body resent whole, and moves a client whose cookie names the dead node', async () => {
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${front.url}/api/x`, { method: 'POST', body: `vote ${i}` });
      expect(res.status).toBe(200);
      expect(await res.text()).toBe(`alive POST vote ${i}`);
      // The dead node is index 0, the live one index 1.
      expect(stickyCookie(res)).toBe(`${STICKY_COOKIE}=1`);
    }
    const moved = await fetch(`${front.url}/healthz`, {
      headers: { cookie: `${STICKY_COOKIE}=0` },
    });
    expect(await moved.text()).toBe('alive GET ');
    expect(stickyCookie(moved)).toBe(`${STICKY_COOKIE}=1`);
  });

  it('[SCALE8] tunnels a WebSocket upgrade whose cookie names the dead node to the live one, and tells it its new node', async () => {
    const port = Number(new URL(front.url).port);
    const socket = net.connect(port, '127.0.0.1');
    socket.write(
      [
        'GET /socket.io/?EIO=4&transport=websocket HTTP/1.1',
        `Host: 127.0.0.1:${port}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        `Cookie: ${STICKY_COOKIE}=0`,
        '',
        '',
      ].join('\r\n'),
    );
    let answer = '';
    socket.on('data', (c: Buffer) => (answer += c.toString()));
    await new Promise<void>((resolve) => socket.once('close', () => resolve()));
    const [head, rest] = answer.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 101 /);
    expect(head).toContain(`Set-Cookie: ${STICKY_COOKIE}=1;`);
    // What follows the handshake passes untouched.
    expect(rest).toBe('frame');
  });
});
