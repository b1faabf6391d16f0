import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { WebSocket as WsClient } from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { createLogger } from '../../server/logger.ts';
import { DocRegistry, DocUnavailableError, type DocPeer } from '../../server/transport/yjs/docs.ts';
import {
  MESSAGE_AWARENESS,
  MESSAGE_QUERY_AWARENESS,
  MESSAGE_SYNC,
  createYjsEndpoint,
  credentialsFromRequest,
  type YjsLimits,
} from '../../server/transport/yjs/endpoint.ts';
import { routeUpgrades } from '../../server/transport/upgrades.ts';
import { YjsStore } from '../../server/transport/yjs/store.ts';
import { backends, createTestDatabase, startApp, type TestApp } from '../helpers/app.ts';
import { HttpClient, createOpenWorkshop, join, setUpFacilitator } from '../helpers/clients.ts';
import { eventually } from '../helpers/eventually.ts';

type Auth = { token: string } | { cookie: string };

/** A ws client class that sends the facilitator's cookie, as a browser tab would. */
function cookieSocket(cookie: string) {
  return class extends WsClient {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie } });
    }
  };
}

const wsBase = (url: string) => url.replace(/^http/, 'ws') + '/yjs';

type Peer = { doc: Y.Doc; provider: WebsocketProvider };

/** y-websocket 3.1.0's own provider, as the browser runs it. */
async function openPeer(url: string, docName: string, auth: Auth): Promise<Peer> {
  const doc = new Y.Doc();
  const Socket = 'cookie' in auth ? cookieSocket(auth.cookie) : WsClient;
  const provider = new WebsocketProvider(wsBase(url), docName, doc, {
    WebSocketPolyfill: Socket as unknown as typeof globalThis.WebSocket,
    params: 'token' in auth ? { token: auth.token } : {},
    // Node has BroadcastChannel: providers in one process would otherwise sync with each other
    // without the server, and a read-only peer could receive writes that never passed it.
    disableBc: true,
  });
  await eventually(() => expect(provider.synced).toBe(true));
  return { doc, provider };
}

type Raw = {
  ws: WsClient;
  received: Uint8Array[];
  closed: Promise<{ code: number }>;
  send(message: Uint8Array): void;
  /** Sends sync step 1 and waits for the answer: everything sent before it has been handled. */
  roundTrip(): Promise<Uint8Array>;
};

/** A hand-written client that sends whatever bytes a modified browser could. */
function openRaw(
  url: string,
  path: string,
  opts: { token?: string; cookie?: string; origin?: string; autoPong?: boolean } = {},
): Promise<Raw> {
  const query = opts.token ? `?token=${encodeURIComponent(opts.token)}` : '';
  const ws = new WsClient(`${wsBase(url)}/${path}${query}`, {
    headers: {
      ...(opts.cookie ? { cookie: opts.cookie } : {}),
      ...(opts.origin ? { origin: opts.origin } : {}),
    },
    autoPong: opts.autoPong ?? true,
  });
  const received: Uint8Array[] = [];
  ws.on('message', (data: Buffer) => received.push(new Uint8Array(data)));
  const closed = new Promise<{ code: number }>((resolve) =>
    ws.on('close', (code) => resolve({ code })),
  );
  return new Promise((resolve, reject) => {
    ws.once('unexpected-response', (_req, res) => {
      ws.terminate();
      reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode }));
    });
    ws.once('error', reject);
    ws.once('open', () =>
      resolve({
        ws,
        received,
        closed,
        send: (m) => ws.send(m),
        async roundTrip() {
          const before = received.length;
          const encoder = encoding.createEncoder();
          encoding.writeVarUint(encoder, MESSAGE_SYNC);
          syncProtocol.writeSyncStep1(encoder, new Y.Doc());
          ws.send(encoding.toUint8Array(encoder));
          return eventually(() => {
            const answer = received
              .slice(before)
              .find((m) => m[0] === MESSAGE_SYNC && m[1] === syncProtocol.messageYjsSyncStep2);
            expect(answer).toBeDefined();
            return answer!;
          });
        },
      }),
    );
  });
}

async function refusal(promise: Promise<Raw>): Promise<number | 'opened'> {
  try {
    const raw = await promise;
    raw.ws.terminate();
    return 'opened';
  } catch (err) {
    return (err as { status: number }).status;
  }
}

function deferred() {
  let resolve = () => undefined as void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

function message(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** A document containing one note, to smuggle in. */
function forgedDoc(key: string) {
  const doc = new Y.Doc();
  doc.getMap('notes').set(key, 'forged');
  return doc;
}

/** The message types a raw client received, as `type` or `type/step` for sync. */
function kinds(messages: Uint8Array[]): string[] {
  return messages.map((m) => {
    const d = decoding.createDecoder(m);
    const type = decoding.readVarUint(d);
    return type === MESSAGE_SYNC ? `${type}/${decoding.readVarUint(d)}` : String(type);
  });
}

const notesOf = (doc: Y.Doc) => doc.getMap('notes').toJSON();
/**
 * Comparable content: Doc.toJSON lists only the types this copy has touched, and a map's key
 * order follows the order updates arrived in, which differs between replicas.
 */
const contentOf = (doc: Y.Doc) =>
  JSON.stringify({
    items: doc.getArray('items').toJSON(),
    notes: Object.entries(notesOf(doc)).sort(([a], [b]) => a.localeCompare(b)),
  });

describe.each(backends)('Yjs documents on %s', (backend) => {
  let t: TestApp;
  let http: HttpClient;
  const peers: Peer[] = [];
  const raws: Raw[] = [];

  beforeAll(async () => {
    t = await startApp(backend);
    http = await setUpFacilitator(t.url);
  });
  afterEach(() => {
    for (const p of peers.splice(0)) p.provider.destroy();
    for (const r of raws.splice(0)) r.ws.terminate();
  });
  afterAll(() => t.close());

  const peer = async (docName: string, auth: Auth) => {
    const p = await openPeer(t.url, docName, auth);
    peers.push(p);
    return p;
  };
  const raw = async (path: string, opts: { token?: string; cookie?: string } = {}) => {
    const r = await openRaw(t.url, path, opts);
    raws.push(r);
    return r;
  };

  /** An open workshop with an idea board, and a participant's device token. */
  async function board() {
    const { workshop, code, fac } = await createOpenWorkshop(http);
    fac.close();
    const joined = await join(t.url, code);
    expect(joined.status).toBe(201);
    return { docName: `board:${workshop.agenda[0]!.id}`, token: joined.body.token };
  }

  it('[YJS1][YJS2] a facilitator’s write reaches a read-only participant through the server', async () => {
    const { docName, token } = await board();
    const fac = await peer(docName, { cookie: http.cookie });
    const phone = await peer(docName, { token });
    fac.doc.getMap('notes').set('n1', 'More youth clubs');
    await eventually(() => expect(notesOf(phone.doc)).toEqual({ n1: 'More youth clubs' }));
    expect(notesOf(t.app.yjs.docs.peek(docName)!.doc)).toEqual({ n1: 'More youth clubs' });
    // A phone that connects later gets the state in its sync answer.
    const late = await peer(docName, { token });
    expect(notesOf(late.doc)).toEqual({ n1: 'More youth clubs' });
  });

  it('[YJS3] a read-only participant’s sync step 2 and update messages are dropped: not in the server doc, not at other peers, not in the store', async () => {
    const { docName, token } = await board();
    const fac = await peer(docName, { cookie: http.cookie });
    const other = await peer(docName, { token });
    const attacker = await raw(docName, { token });

    attacker.send(
      message(
        (e) => (
          encoding.writeVarUint(e, MESSAGE_SYNC),
          syncProtocol.writeSyncStep2(e, forgedDoc('step2'))
        ),
      ),
    );
    attacker.send(
      message((e) => {
        encoding.writeVarUint(e, MESSAGE_SYNC);
        syncProtocol.writeUpdate(e, Y.encodeStateAsUpdate(forgedDoc('update')));
      }),
    );
    // The genuine client too: a local edit on a phone is sent as an update and must go nowhere.
    const phone = await peer(docName, { token });
    phone.doc.getMap('notes').set('local', 'forged');
    await attacker.roundTrip();

    fac.doc.getMap('notes').set('marker', 'real');
    await eventually(() => expect(other.doc.getMap('notes').get('marker')).toBe('real'));
    await eventually(() => expect(phone.doc.getMap('notes').get('marker')).toBe('real'));
    expect(attacker.ws.readyState).toBe(WsClient.OPEN);

    const shared = t.app.yjs.docs.peek(docName)!;
    await shared.drain();
    const stored = await new YjsStore(t.app.db).load(docName);
    for (const doc of [shared.doc, stored.doc, fac.doc, other.doc]) {
      expect(notesOf(doc)).toEqual({ marker: 'real' });
    }
    // The server never asks a read-only peer for its state, so it has nothing to answer.
    expect(kinds(attacker.received)).not.toContain(`${MESSAGE_SYNC}/0`);
  });

  it('[YJS4] awareness flows between facilitators only: a read-only peer’s is not relayed and it is sent none', async () => {
    const { docName, token } = await board();
    const f1 = await peer(docName, { cookie: http.cookie });
    const f2 = await peer(docName, { cookie: http.cookie });
    const phone = await peer(docName, { token });
    phone.provider.awareness.setLocalState({ cursor: 'phone' });
    f1.provider.awareness.setLocalState({ cursor: 'f1' });
    await eventually(() =>
      expect(f2.provider.awareness.getStates().get(f1.doc.clientID)).toEqual({ cursor: 'f1' }),
    );

    const listener = await raw(docName, { token });
    listener.send(message((e) => encoding.writeVarUint(e, MESSAGE_QUERY_AWARENESS)));
    await listener.roundTrip();
    f1.provider.awareness.setLocalState({ cursor: 'f1 moved' });
    await eventually(() =>
      expect(f2.provider.awareness.getStates().get(f1.doc.clientID)).toEqual({
        cursor: 'f1 moved',
      }),
    );
    await listener.roundTrip();

    for (const f of [f1, f2])
      expect(f.provider.awareness.getStates().has(phone.doc.clientID)).toBe(false);
    expect([...phone.provider.awareness.getStates().keys()]).toEqual([phone.doc.clientID]);
    expect(kinds(listener.received)).not.toContain(String(MESSAGE_AWARENESS));
    expect(t.app.yjs.docs.peek(docName)!.awareness.getStates().has(phone.doc.clientID)).toBe(false);
  });

  it('[YJS2] upgrades without the right to the document are refused before the WebSocket opens', async () => {
    const { docName, token } = await board();
    const elsewhere = await board();
    const cookie = http.cookie;
    expect(await refusal(openRaw(t.url, docName))).toBe(401);
    expect(await refusal(openRaw(t.url, docName, { token: 'not-a-token' }))).toBe(403);
    expect(await refusal(openRaw(t.url, docName, { token: elsewhere.token }))).toBe(403);
    expect(await refusal(openRaw(t.url, docName, { cookie: 'rt_session=stale' }))).toBe(403);
    expect(
      await refusal(openRaw(t.url, 'board:00000000-0000-4000-8000-000000000000', { cookie })),
    ).toBe(403);
    expect(await refusal(openRaw(t.url, 'notes:anything', { cookie }))).toBe(403);
    for (const bad of ['Board:X', 'board:a/b', 'board%2Fx', 'x'.repeat(101), '', 'board:%ZZ']) {
      expect(await refusal(openRaw(t.url, bad, { cookie })), bad).toBe(404);
    }
    expect(await refusal(openRaw(t.url, docName, { cookie, origin: 'https://evil.example' }))).toBe(
      403,
    );
    expect(await refusal(openRaw(t.url, docName, { token, origin: 'https://evil.example' }))).toBe(
      403,
    );
    expect(await refusal(openRaw(t.url, docName, { cookie, origin: t.url }))).toBe('opened');
    expect(await refusal(openRaw(t.url, docName, { token }))).toBe('opened');
  });

  it('[YJS7] an oversized, malformed or flooding connection is closed on its own; the document and other peers carry on', async () => {
    const { docName, token } = await board();
    const cookie = http.cookie;
    const fac = await peer(docName, { cookie });
    const phone = await peer(docName, { token });

    const big = await raw(docName, { cookie });
    big.send(new Uint8Array(256 * 1024 + 1));
    expect(await big.closed).toEqual({ code: 1009 });

    const cases: [string, Uint8Array | string, number][] = [
      ['unknown type', new Uint8Array([7]), 1007],
      ['unknown sync step', new Uint8Array([0, 9, 0]), 1007],
      ['truncated', new Uint8Array([0, 2, 200]), 1007],
      ['empty', new Uint8Array([]), 1007],
      ['garbage update', new Uint8Array([0, 2, 4, 255, 255, 255, 255]), 1007],
      ['bad awareness', new Uint8Array([1, 3, 1, 2, 3]), 1007],
      ['text frame', 'hello', 1003],
    ];
    for (const [name, bytes, code] of cases) {
      const r = await raw(docName, { cookie });
      r.ws.send(bytes);
      expect(await r.closed, name).toEqual({ code });
    }
    const readOnlyGarbage = await raw(docName, { token });
    readOnlyGarbage.send(new Uint8Array([0, 0, 50]));
    expect(await readOnlyGarbage.closed).toEqual({ code: 1007 });

    const flood = await raw(docName, { cookie });
    const noop = message((e) => {
      encoding.writeVarUint(e, MESSAGE_SYNC);
      syncProtocol.writeUpdate(e, new Uint8Array([0, 0]));
    });
    for (let i = 0; i < 2000; i++) flood.send(noop);
    expect(await flood.closed).toEqual({ code: 1008 });

    fac.doc.getMap('notes').set('still', 'working');
    await eventually(() => expect(notesOf(phone.doc)).toEqual({ still: 'working' }));
    expect(fac.provider.wsconnected && phone.provider.wsconnected).toBe(true);
  });

  it('[YJS5] transact() resolves once the update is in the store, and peers then receive it', async () => {
    const { docName, token } = await board();
    const phone = await peer(docName, { token });
    const store = new YjsStore(t.app.db);
    const writes = Array.from({ length: 25 }, (_, i) =>
      t.app.yjs.docs
        .transact(docName, (doc) => doc.getMap('notes').set(`n${i}`, `note ${i}`))
        .then(async () => notesOf((await store.load(docName)).doc)[`n${i}`]),
    );
    expect(await Promise.all(writes)).toEqual(Array.from({ length: 25 }, (_, i) => `note ${i}`));
    await eventually(() => expect(Object.keys(notesOf(phone.doc))).toHaveLength(25));
  });

  it('[YJS8] compaction folds the log into a snapshot: the same content, a shorter log', async () => {
    const { docName } = await board();
    const store = new YjsStore(t.app.db);
    const { docs } = t.app.yjs;
    for (let i = 0; i < 520; i++) {
      await docs.transact(docName, (doc) => {
        doc.getArray<number>('order').push([i]);
        if (i % 3 === 0) doc.getMap('notes').set(`n${i}`, `note ${i}`);
        if (i % 6 === 0 && i > 0) doc.getMap('notes').delete(`n${i - 3}`);
      });
    }
    // More than 500 updates since the snapshot: the document compacts itself after an append.
    await eventually(async () => {
      const stats = await store.stats(docName);
      expect(stats.snapshotUpToSeq).not.toBeNull();
      expect(stats.updates).toBeLessThan(100);
    });
    const live = docs.peek(docName)!.doc;
    const loaded = (await store.load(docName)).doc;
    expect(loaded.getArray('order').toJSON()).toEqual(live.getArray('order').toJSON());
    expect(notesOf(loaded)).toEqual(notesOf(live));
    expect(Y.encodeStateVector(loaded)).toEqual(Y.encodeStateVector(live));

    await docs.transact(docName, (doc) => doc.getMap('notes').set('after', 'snapshot'));
    expect((await store.stats(docName)).updates).toBeGreaterThan(0);
    const before = (await store.load(docName)).doc;
    expect(await store.compact(docName)).toMatchObject({ compacted: expect.any(Number) });
    expect((await store.stats(docName)).updates).toBe(0);
    const after = (await store.load(docName)).doc;
    expect(Y.encodeStateAsUpdate(after)).toEqual(Y.encodeStateAsUpdate(before));
    expect(notesOf(after)).toMatchObject({ after: 'snapshot' });
    expect(await store.compact(docName)).toEqual({ compacted: 0 });
  });

  it('[YJS10] twenty facilitators writing at once converge to the same document everywhere', async () => {
    // Each provider adds a process 'exit' listener; 21 of them are expected here, not a leak.
    const maxListeners = process.getMaxListeners();
    process.setMaxListeners(maxListeners + 30);
    onTestFinished(() => {
      process.setMaxListeners(maxListeners);
    });
    const { docName, token } = await board();
    const writers = await Promise.all(
      Array.from({ length: 20 }, () => peer(docName, { cookie: http.cookie })),
    );
    const phone = await peer(docName, { token });
    writers.forEach((w, i) => {
      for (let j = 0; j < 10; j++) {
        w.doc.getArray<string>('items').push([`${i}.${j}`]);
        w.doc.getMap('notes').set(`w${i}`, `edit ${j}`);
        w.doc.getMap('notes').set('contested', `writer ${i}`);
      }
    });
    const shared = t.app.yjs.docs.peek(docName)!;
    const everyone = [...writers.map((w) => w.doc), phone.doc, shared.doc];
    await eventually(
      () => {
        for (const doc of everyone) expect(doc.getArray('items').length).toBe(200);
        const expected = contentOf(shared.doc);
        for (const doc of everyone) expect(contentOf(doc)).toBe(expected);
      },
      { timeoutMs: 15_000 },
    );
    await shared.drain();
    const stored = (await new YjsStore(t.app.db).load(docName)).doc;
    expect(contentOf(stored)).toBe(contentOf(shared.doc));
  });

  it('[YJS6] updates are relayed, answered and acknowledged only after their append commits; a failed append drops the document', async () => {
    const { docName } = await board();
    let gate = deferred();
    let failNext = false;
    class GatedStore extends YjsStore {
      override async append(name: string, updates: readonly Uint8Array[]) {
        await gate.promise;
        if (failNext) throw new Error('disk full');
        return super.append(name, updates);
      }
    }
    const store = new GatedStore(t.app.db);
    const docs = new DocRegistry({ store, log: createLogger('silent'), unloadAfterMs: 10 });
    const fakePeer = (access: 'read' | 'write') => {
      const seen = { updates: [] as Uint8Array[], states: [] as Uint8Array[], closed: 0 };
      const p: DocPeer = {
        access,
        sendState: (u) => seen.states.push(u),
        sendUpdate: (u) => seen.updates.push(u),
        sendAwareness: () => undefined,
        close: (code) => (seen.closed = code),
      };
      return { p, seen };
    };
    const shared = await docs.hold(docName);
    const writer = fakePeer('write');
    const reader = fakePeer('read');
    shared.attach(writer.p);
    shared.attach(reader.p);

    const applied = shared.applyUpdate(writer.p, Y.encodeStateAsUpdate(forgedDoc('peer')));
    const acked = docs.transact(docName, (doc) => doc.getMap('notes').set('server', 'x'));
    const answered = shared.requestState(reader.p, new Uint8Array([0]));
    let settled = false;
    void Promise.all([applied, acked]).then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(settled).toBe(false);
    expect(reader.seen.updates).toHaveLength(0);
    expect(reader.seen.states).toHaveLength(0);
    expect((await store.stats(docName)).updates).toBe(0);

    gate.resolve();
    await Promise.all([applied, acked, answered]);
    expect((await store.stats(docName)).updates).toBe(2);
    expect(reader.seen.updates).toHaveLength(2);
    // The writer is not sent its own update back; it does get the server's.
    expect(writer.seen.updates).toHaveLength(1);
    // The state request queued behind the peer's update (transact() first awaits its hold):
    // answered once that update was stored, and without anything queued after it.
    const answer = new Y.Doc();
    Y.applyUpdate(answer, reader.seen.states[0]!);
    expect(notesOf(answer)).toEqual({ peer: 'forged' });

    gate = deferred();
    failNext = true;
    const lost = docs.transact(docName, (doc) => doc.getMap('notes').set('lost', 'x'));
    gate.resolve();
    await expect(lost).rejects.toThrow(DocUnavailableError);
    expect([writer.seen.closed, reader.seen.closed]).toEqual([1011, 1011]);
    expect(reader.seen.updates).toHaveLength(2);
    expect(docs.peek(docName)).toBeUndefined();
    docs.release(shared);

    failNext = false;
    await docs.transact(docName, (doc) =>
      expect(notesOf(doc)).toEqual({ peer: 'forged', server: 'x' }),
    );
    await docs.close();
  });

  /** An endpoint of its own with test-sized limits; `?token=w` writes, `?token=r` reads. */
  async function standalone(limits: Partial<YjsLimits>, allow = () => true) {
    const endpoint = createYjsEndpoint({
      store: new YjsStore(t.app.db),
      log: createLogger('silent'),
      limits,
      authorize: async (req) => {
        if (!allow()) return null;
        const token = credentialsFromRequest(req).participantToken;
        return token === 'w' ? 'write' : token === 'r' ? 'read' : null;
      },
    });
    const server = createServer();
    routeUpgrades(server, { '/yjs/': endpoint.handleUpgrade });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    onTestFinished(async () => {
      await endpoint.close();
      await new Promise((r) => server.close(r));
    });
    return { url, endpoint };
  }

  it('[YJS7] idle connections get a heartbeat; a peer that stops answering pings is cut off', async () => {
    const { url } = await standalone({ heartbeatMs: 50, pingIntervalMs: 100 });
    const idle = await openRaw(url, 'board:idle', { token: 'r' });
    const deaf = await openRaw(url, 'board:idle', { token: 'r', autoPong: false });
    raws.push(idle, deaf);
    expect(await deaf.closed).toEqual({ code: 1006 });
    await new Promise((r) => setTimeout(r, 200));
    expect(idle.ws.readyState).toBe(WsClient.OPEN);
    // An empty update: y-websocket counts it as traffic, applies nothing and sends nothing back.
    expect(kinds(idle.received).filter((k) => k === `${MESSAGE_SYNC}/2`).length).toBeGreaterThan(2);
  });

  it('[YJS7] a read-write peer whose updates were dropped by the rate limit is asked to resync and converges', async () => {
    const { url, endpoint } = await standalone({
      burst: 6,
      messagesPerSecond: 5,
      floodDrops: 1000,
    });
    const open = (token: string) => {
      const doc = new Y.Doc();
      const provider = new WebsocketProvider(`${url}/yjs`, 'board:limited', doc, {
        WebSocketPolyfill: WsClient as unknown as typeof globalThis.WebSocket,
        params: { token },
        disableBc: true,
      });
      peers.push({ doc, provider });
      return { doc, provider };
    };
    const writer = open('w');
    const reader = open('r');
    await eventually(() => expect(writer.provider.synced && reader.provider.synced).toBe(true));
    for (let i = 0; i < 30; i++) writer.doc.getArray('items').push([i]);
    await eventually(() => expect(reader.doc.getArray('items').length).toBe(30), {
      timeoutMs: 10_000,
    });
    expect(endpoint.docs.peek('board:limited')!.doc.getArray('items').length).toBe(30);
    expect(writer.provider.wsconnected).toBe(true);
  });

  it('[YJS2] a read-write connection whose access has ended is closed within a ping interval', async () => {
    let allowed = true;
    const { url } = await standalone({ pingIntervalMs: 100 }, () => allowed);
    const writer = await openRaw(url, 'board:revoked', { token: 'w' });
    const reader = await openRaw(url, 'board:revoked', { token: 'r' });
    raws.push(writer, reader);
    allowed = false;
    expect(await writer.closed).toEqual({ code: 4403 });
    expect(reader.ws.readyState).toBe(WsClient.OPEN);
  });

  it('[YJS9] a document is loaded once for concurrent users and unloaded after the last has gone', async () => {
    const { docName } = await board();
    const store = new YjsStore(t.app.db);
    const load = vi.spyOn(store, 'load');
    const docs = new DocRegistry({ store, log: createLogger('silent'), unloadAfterMs: 50 });
    const held = await Promise.all(Array.from({ length: 10 }, () => docs.hold(docName)));
    expect(load).toHaveBeenCalledTimes(1);
    expect(new Set(held).size).toBe(1);
    await docs.transact(docName, (doc) => doc.getMap('notes').set('kept', 'yes'));
    for (const h of held) docs.release(h);
    await new Promise((r) => setTimeout(r, 10));
    expect(docs.peek(docName)).toBeDefined();
    await eventually(() => expect(docs.peek(docName)).toBeUndefined());
    await docs.transact(docName, (doc) => expect(doc.getMap('notes').get('kept')).toBe('yes'));
    expect(load).toHaveBeenCalledTimes(2);
    await docs.close();
  });
});

describe.each(backends)('Yjs documents across a restart on %s', (backend) => {
  // PGlite on disk runs initdb at its first start: several seconds on a busy machine.
  it('[YJS6] acknowledged writes, from the server and from a facilitator, are there after a restart', async () => {
    const database = await createTestDatabase(backend, { persistent: true });
    try {
      let t = await startApp(backend, {}, { database });
      const http = await setUpFacilitator(t.url);
      const { workshop, code, fac } = await createOpenWorkshop(http);
      fac.close();
      const joined = await join(t.url, code);
      const docName = `board:${workshop.agenda[0]!.id}`;

      const facPeer = await openPeer(t.url, docName, { cookie: http.cookie });
      const phone = await openPeer(t.url, docName, { token: joined.body.token });
      await t.app.yjs.docs.transact(docName, (doc) => doc.getMap('notes').set('server', 'saved'));
      facPeer.doc.getMap('notes').set('facilitator', 'saved too');
      // Relayed only after it is stored: once the phone has it, it survives a restart.
      await eventually(() =>
        expect(notesOf(phone.doc)).toEqual({ server: 'saved', facilitator: 'saved too' }),
      );
      facPeer.provider.destroy();
      phone.provider.destroy();
      await t.close();

      t = await startApp(backend, {}, { database });
      try {
        const again = await openPeer(t.url, docName, { token: joined.body.token });
        expect(notesOf(again.doc)).toEqual({ server: 'saved', facilitator: 'saved too' });
        again.provider.destroy();
      } finally {
        await t.close();
      }
    } finally {
      await database.drop();
    }
  }, 90_000);
});
