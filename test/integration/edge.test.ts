import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { WebSocket as WsClient } from 'ws';
import { PROTOCOL_VERSION } from '../../shared/protocol/version.ts';
import { defaultBudgets } from '../../server/transport/socket/deviceLimits.ts';
import { backends, startApp, type TestApp } from '../helpers/app.ts';
import {
  HttpClient,
  connect,
  createOpenWorkshop,
  join,
  refusalOf,
  setUpFacilitator,
  type ScriptedClient,
} from '../helpers/clients.ts';
import { eventually } from '../helpers/eventually.ts';
import { captureLog, levels } from '../helpers/logCapture.ts';

// The edges against a hostile neighbour and a hostile device: requests from another origin of
// the same site (SEC7), floods of garbage that used to become floods of log lines (SEC10), and
// one device opening many sockets to multiply its budget (SEC15).

type Sent = { status: number; body: string };

/** A raw request with whatever headers a test forges; fetch would not let it set some. */
function send(
  url: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body = '',
): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url + path,
      { method, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Opens a raw WebSocket; resolves to the HTTP status of a refusal, or 101 once open. */
function upgrade(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WsClient(url, { headers });
    ws.on('open', () => {
      ws.terminate();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('error', () => resolve(0));
  });
}

describe.each(backends)('the edges on %s', (backend) => {
  let t: TestApp;
  let http: HttpClient;
  let other: string;
  const captured = captureLog();

  beforeAll(async () => {
    t = await startApp(backend, {}, { log: captured.log });
    http = await setUpFacilitator(t.url);
    // Another port of the same host: the same site as far as the browser's cookies go.
    other = `http://127.0.0.1:${Number(new URL(t.url).port) + 1}`;
  });
  afterAll(() => t.close());

  it('[SEC7] a write carrying the facilitator’s cookie from another origin is refused', async () => {
    const cookie = http.cookie;
    const json = { cookie, 'content-type': 'application/json' };
    const workshop = JSON.stringify({
      title: 'From elsewhere',
      purpose: 'Should never exist.',
      startsAt: '2026-12-01T18:30',
      agenda: [],
    });
    for (const headers of [
      { ...json, origin: 'https://evil.example' },
      { ...json, origin: other },
      { ...json, origin: 'null' },
      { ...json, 'sec-fetch-site': 'same-site', origin: other },
      { ...json, 'sec-fetch-site': 'cross-site' },
    ]) {
      const res = await send(t.url, 'POST', '/api/workshops', headers, workshop);
      expect(res.status, JSON.stringify(headers)).toBe(403);
    }
    // The same from a page of our own origin, and from a script that sends neither header.
    const own = await send(
      t.url,
      'POST',
      '/api/workshops',
      {
        ...json,
        origin: t.url,
        'sec-fetch-site': 'same-origin',
      },
      workshop,
    );
    expect(own.status).toBe(201);
    expect((await send(t.url, 'POST', '/api/workshops', json, workshop)).status).toBe(201);
  });

  it('[SEC7] an empty form post from a same-site page creates no invitation and no snapshot', async () => {
    const form = {
      cookie: http.cookie,
      'content-type': 'application/x-www-form-urlencoded',
    };
    // The browser's own headers on a same-site form post...
    const sameSite = await send(t.url, 'POST', '/api/invites', {
      ...form,
      origin: other,
      'sec-fetch-site': 'same-site',
    });
    expect(sameSite.status).toBe(403);
    // ...and an old browser that sends no Fetch Metadata: an empty form is still not JSON.
    const bare = await send(t.url, 'POST', '/api/invites', form);
    expect(bare.status).toBe(400);

    const { workshop, fac } = await createOpenWorkshop(http);
    fac.close();
    const record = await http.post<{ id: string }>('/api/records', {
      title: 'Edge record',
      service: 'Parks',
      tags: [],
      area: 'Bow East',
      level: 'consult',
      canInfluence: '',
      cannotInfluence: '',
      startsOn: '2027-01-10',
      workshopIds: [workshop.id],
    });
    const snapshots = `/api/records/${record.body.id}/workshops/${workshop.id}/snapshots`;
    const publish = `/api/records/${record.body.id}/feedback/publish`;
    for (const path of [snapshots, publish]) {
      const res = await send(t.url, 'POST', path, {
        ...form,
        origin: other,
        'sec-fetch-site': 'same-site',
      });
      expect(res.status, path).toBe(403);
    }
    const list = await http.get<{ snapshots: unknown[] }>(snapshots);
    expect(list.body.snapshots).toEqual([]);
  });

  it('[SEC7] the origin behind a reverse proxy is PUBLIC_URL’s, and other intranet origins are refused', async () => {
    const proxied = await startApp(backend, { PUBLIC_URL: 'https://roundtable.council.example' });
    try {
      const h = await setUpFacilitator(proxied.url);
      const headers = { cookie: h.cookie, 'content-type': 'application/json' };
      const ours = await send(proxied.url, 'POST', '/api/invites', {
        ...headers,
        origin: 'https://roundtable.council.example',
      });
      expect(ours.status).toBe(201);
      const neighbour = await send(proxied.url, 'POST', '/api/invites', {
        ...headers,
        origin: 'https://intranet.council.example',
      });
      expect(neighbour.status).toBe(403);
    } finally {
      await proxied.close();
    }
  });

  it('[SEC7] Socket.IO and Yjs upgrades from another origin of the same site are refused', async () => {
    const { workshop, fac } = await createOpenWorkshop(http);
    fac.close();
    const auth = { role: 'facilitator' as const, workshopId: workshop.id };
    const socketWith = (headers: Record<string, string>) =>
      new Promise<string>((resolve) => {
        const s = io(t.url, {
          auth: { v: PROTOCOL_VERSION, ...auth },
          transports: ['websocket'],
          reconnection: false,
          forceNew: true,
          extraHeaders: { cookie: http.cookie, ...headers },
        });
        s.once('connect', () => {
          s.close();
          resolve('connected');
        });
        s.once('connect_error', () => {
          s.close();
          resolve('refused');
        });
      });
    expect(await socketWith({ origin: other })).toBe('refused');
    expect(await socketWith({ 'sec-fetch-site': 'same-site' })).toBe('refused');
    expect(await socketWith({ origin: t.url, 'sec-fetch-site': 'same-origin' })).toBe('connected');

    const board = `${t.url.replace(/^http/, 'ws')}/yjs/board:${workshop.agenda[0]!.id}`;
    expect(await upgrade(board, { cookie: http.cookie, 'sec-fetch-site': 'same-site' })).toBe(403);
    expect(await upgrade(board, { cookie: http.cookie, origin: other })).toBe(403);
    expect(await upgrade(board, { cookie: http.cookie, 'sec-fetch-site': 'same-origin' })).toBe(
      101,
    );
  });

  it('[SEC17] a path with a broken %-escape (a fuzzer finding) is a 400 and no error line', async () => {
    const before = captured.lines.length;
    const res = await send(t.url, 'GET', '/api/records/%ED%A0%80%zz', { cookie: http.cookie });
    expect(res.status).toBe(400);
    expect(captured.lines.slice(before).filter((l) => l.level >= levels.error)).toEqual([]);
  });

  it('[SEC17][SEC13] a NUL in a search (a fuzzer finding) is a 400, not a database error', async () => {
    const before = captured.lines.length;
    // (Half a surrogate pair cannot be written in a URL: its bytes are not UTF-8 and decode to
    // U+FFFD, which is storable.)
    for (const q of ['%00', 'a%00b', 'caf%C3%A9%00']) {
      const res = await send(t.url, 'GET', `/api/records?q=${q}`, { cookie: http.cookie });
      expect(res.status, q).toBe(400);
    }
    const fine = await send(t.url, 'GET', '/api/records?q=caf%C3%A9', { cookie: http.cookie });
    expect(fine.status).toBe(200);
    expect(captured.lines.slice(before).filter((l) => l.level >= levels.error)).toEqual([]);
  });

  it('[SEC10] 20,000 unknown and ack-less messages write a handful of log lines and cut the socket off', async () => {
    const { code, fac } = await createOpenWorkshop(http);
    fac.close();
    const token = (await join(t.url, code)).body.token;
    const phone = await connect(t.url, { role: 'participant', token });
    const before = captured.lines.length;
    const raw = phone.socket as unknown as { emit(event: string, ...args: unknown[]): void };
    for (let i = 0; i < 10_000; i++) {
      raw.emit(`nonsense:${i}`, {});
      raw.emit('room:sync', {});
    }
    await eventually(() => expect(phone.socket.connected).toBe(false), { timeoutMs: 15_000 });
    const written = captured.lines.slice(before);
    expect(written.length).toBeLessThanOrEqual(5);
    expect(written.map((l) => l.msg)).toContain('socket disconnected for sending bad messages');
    // An honest phone on the same device token is not locked out.
    const again = await connect(t.url, { role: 'participant', token });
    expect((await again.command('room:sync', {})).ok).toBe(true);
    again.close();
  });

  it('[SEC10] however many connections send garbage, the log gets a bounded number of lines a minute', async () => {
    const own = captureLog();
    const gated = await startApp(backend, {}, { log: own.log, limits: { logLinesPerMinute: 20 } });
    try {
      const h = await setUpFacilitator(gated.url);
      const { workshop, code, fac } = await createOpenWorkshop(h);
      fac.close();
      const token = (await join(gated.url, code)).body.token;
      const before = own.lines.length;
      const board = `${gated.url.replace(/^http/, 'ws')}/yjs/board:${workshop.agenda[0]!.id}`;
      // Each of these is refused, or cut off after one message: a line each without the gate.
      const attempts = Array.from({ length: 60 }, async (_, i) => {
        if (i % 3 === 0) return upgrade(`${board}?token=${'x'.repeat(43)}`, {});
        if (i % 3 === 1)
          return refusalOf(connect(gated.url, { role: 'participant', token: 'y'.repeat(43) }));
        const ws = new WsClient(`${board}?token=${token}`);
        await new Promise((resolve) => ws.once('open', resolve));
        const closed = new Promise((resolve) => ws.once('close', resolve));
        ws.send(new Uint8Array([0, 9, 200, 200, 200]));
        await closed;
      });
      await Promise.all(attempts);
      const written = own.lines.slice(before);
      // 20 a minute (set for this test), the rest counted in one line when the minute ends.
      expect(written.length).toBeLessThanOrEqual(20);
      expect(written.every((l) => l.level < levels.error)).toBe(true);
    } finally {
      await gated.close();
    }
    // Closing writes the count of what the gate left out, as the end of the minute would.
    expect(own.lines.map((l) => l.msg)).toContain(
      'client-caused log lines left out in the last minute',
    );
  });

  it('[SEC10] a facilitator closing and reopening a workshop in a loop writes a bounded number of lines', async () => {
    // Found by the fuzzer (SEC17): each close saves the outcome and wrote a line, ungated.
    const own = captureLog();
    const gated = await startApp(backend, {}, { log: own.log, limits: { logLinesPerMinute: 3 } });
    try {
      const h = await setUpFacilitator(gated.url);
      const { fac } = await createOpenWorkshop(h);
      const before = own.lines.length;
      for (let i = 0; i < 8; i++) {
        expect((await fac.command('workshop:close', {})).ok).toBe(true);
        expect((await fac.command('workshop:open', {})).ok).toBe(true);
      }
      fac.close();
      const saved = own.lines.slice(before).filter((l) => l.msg === 'workshop outcome saved');
      expect(saved.length).toBeGreaterThan(0);
      expect(saved.length).toBeLessThanOrEqual(3);
    } finally {
      await gated.close();
    }
  });

  it('[SEC15] one device token holds at most five sockets, and they share one command budget', async () => {
    const { code, fac } = await createOpenWorkshop(http);
    fac.close();
    const token = (await join(t.url, code)).body.token;
    const sockets: ScriptedClient[] = [];
    for (let i = 0; i < 20; i++) {
      sockets.push(await connect(t.url, { role: 'participant', token }));
    }
    await eventually(() => expect(sockets.filter((s) => s.socket.connected)).toHaveLength(5));
    // The newest stay: a phone's fresh connection never loses to its own ghosts.
    expect(sockets.slice(15).every((s) => s.socket.connected)).toBe(true);

    const open = sockets.slice(15);
    const acks = await Promise.all(
      open.flatMap((s) => Array.from({ length: 30 }, () => s.command('room:sync', {}))),
    );
    const served = acks.filter((a) => a.ok).length;
    // Five sockets with a budget each would be served 150 at once; one device gets its 30 and
    // whatever refills while the burst is being answered.
    expect(served).toBeGreaterThanOrEqual(20);
    expect(served).toBeLessThanOrEqual(60);
    expect(acks.filter((a) => !a.ok && a.error.code === 'RATE_LIMITED').length).toBe(150 - served);
    for (const s of sockets) s.close();
  });

  it('[SEC15] a workshop has a budget of its own, and a flood in one leaves another alone', async () => {
    const small = await startApp(
      backend,
      {},
      {
        limits: {
          commandBudgets: {
            ...defaultBudgets,
            workshopPerSecond: 10,
            workshopBurst: 10,
          },
        },
      },
    );
    try {
      const h = await setUpFacilitator(small.url);
      const a = await createOpenWorkshop(h);
      const b = await createOpenWorkshop(h);
      a.fac.close();
      b.fac.close();
      const phones = await Promise.all(
        Array.from({ length: 4 }, async () =>
          connect(small.url, {
            role: 'participant',
            token: (await join(small.url, a.code)).body.token,
          }),
        ),
      );
      const acks = await Promise.all(
        phones.flatMap((p) => Array.from({ length: 20 }, () => p.command('room:sync', {}))),
      );
      // Four devices with 30 each would be served 80; the workshop allows about 20.
      expect(acks.filter((x) => x.ok).length).toBeLessThanOrEqual(40);
      const elsewhere = await connect(small.url, {
        role: 'participant',
        token: (await join(small.url, b.code)).body.token,
      });
      expect((await elsewhere.command('room:sync', {})).ok).toBe(true);
      for (const p of [...phones, elsewhere]) p.close();
    } finally {
      await small.close();
    }
  });
});
