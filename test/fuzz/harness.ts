import type { Express } from 'express';
import * as encoding from 'lib0/encoding';
import { io, type Socket } from 'socket.io-client';
import { WebSocket as WsClient } from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { z } from 'zod';
import { Decoder, PacketType, type Packet } from 'socket.io-parser';
import { ackSchema } from '../../shared/protocol/ack.ts';
import {
  commandNames,
  commands,
  serverEvents,
  type CommandName,
} from '../../shared/protocol/socket.ts';
import * as restProtocol from '../../shared/protocol/rest.ts';
import * as workshopDomain from '../../shared/domain/workshop.ts';
import * as recordsDomain from '../../shared/domain/records.ts';
import { PROTOCOL_VERSION } from '../../shared/protocol/version.ts';
import { Rand, hostile, jsonSchemaOf, mutate, str, valid } from './values.ts';
import type { Roundtable } from '../../server/app.ts';

/**
 * A seeded fuzzer over every edge of a running server: every Socket.IO command (from the shared
 * command list, so a new command is fuzzed as soon as it exists) and event name, every Yjs
 * message type, every REST route (read from the Express router). Payloads come from the shared
 * zod schemas: valid, valid with one thing wrong, or anything at all. (SEC17)
 */
export type FuzzTarget = {
  url: string;
  expressApp: Express;
  /** A signed-in facilitator's cookie (its own session: the fuzzer may sign it out). */
  cookie: string;
  /**
   * Another session of the same facilitator for the in-process run's sockets: REST fuzzing may
   * sign the first one out, and facilitators' commands are most of the command list.
   */
  inProcessCookie: string;
  workshopIds: string[];
  recordIds: string[];
  joinCodes: string[];
  participantTokens: string[];
  /** Activities whose documents exist (`board:<id>`). */
  boardActivityIds: string[];
};

export type FuzzStats = {
  /** Milliseconds the fuzzer spent waiting: for connections, answers, REST slots. */
  waited: { answers: number; rest: number };
  sent: { socket: number; yjs: number; rest: number };
  acks: Record<string, number>;
  restStatus: Record<string, number>;
  reconnects: number;
  /**
   * In-process runs only: answers that break the protocol (no answer, two answers, a shape its
   * command's schema refuses, an unknown error code), the first few of them.
   */
  findings: string[];
  /** In-process runs: the slowest answer. */
  slowest?: { command: string; ms: number };
};

/**
 * The server's own message handlers (Roundtable.edges): an in-process run calls them directly,
 * with what Socket.IO's decoder or ws would have handed them, instead of sending over sockets.
 */
export type Edges = Roundtable['edges'];

type Route = { method: string; path: string };

/** Every route of the Express app, with its method; nested routers are mounted at /api. */
export function routesOf(expressApp: Express): Route[] {
  type Layer = {
    route?: { path: string | string[]; methods: Record<string, boolean> };
    handle?: { stack?: Layer[] };
  };
  const app = expressApp as unknown as { router: { stack: Layer[] } };
  const out: Route[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const path of paths) {
          for (const [method, on] of Object.entries(layer.route.methods)) {
            if (on && method !== '_all')
              out.push({ method: method.toUpperCase(), path: prefix + path });
          }
        }
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack, '/api');
      }
    }
  };
  walk(app.router.stack, '');
  // Express keeps its routes in a private structure: if that changes, fail loudly rather than
  // fuzz no route at all.
  if (out.length < 20) throw new Error(`only ${out.length} REST routes found in the Express app`);
  return out;
}

/** Every zod schema the shared modules export for REST bodies: the body generators' pool. */
function restSchemas(): z.core.$ZodType[] {
  return [restProtocol, workshopDomain, recordsDomain]
    .flatMap((m) => Object.values(m))
    .filter((v): v is z.core.$ZodType => v instanceof z.core.$ZodType);
}

const commandSchemas = new Map(
  commandNames.map((name) => [name, jsonSchemaOf(commands[name].request)] as const),
);

type Pending = { resolve: () => void };

type SocketMessage = { event: unknown; args: unknown[] };
const eventNames = [...commandNames, ...Object.keys(serverEvents)];

/** A Socket.IO event: a command or event name or anything, with a payload from its schema. */
function socketMessage(r: Rand, history: SocketMessage[], known: string[]): SocketMessage {
  const roll = r.int(100);
  if (roll < 5 && history.length) return r.pick(history); // replayed, out of order
  let event: unknown;
  if (roll < 75) event = r.pick(commandNames);
  else if (roll < 85) event = r.pick(eventNames);
  // Rarely something other than a string: Socket.IO's parser then drops the whole connection.
  else event = r.chance(0.95) ? str(hostile(r, 4)).slice(0, 300) : hostile(r, 4);
  const schema = commandSchemas.get(event as (typeof commandNames)[number]);
  const base = schema ? valid(schema, r, known) : {};
  const kind = r.int(10);
  const payload = kind < 5 ? base : kind < 8 ? mutate(base, r) : hostile(r);
  const args = r.chance(0.1) ? [payload, hostile(r, 3)] : r.chance(0.05) ? [] : [payload];
  const msg = { event, args };
  if (history.length < 500) history.push(msg);
  else history[r.int(500)] = msg;
  return msg;
}

/** A y-websocket message of every type, well-formed or broken in the ways parsers break. */
function yjsMessage(r: Rand): Uint8Array | string {
  const e = encoding.createEncoder();
  switch (r.int(10)) {
    case 0: {
      // A real update on odd root types, as another client could make.
      const doc = new Y.Doc();
      const name = r.pick(['notes', 'themes', 'board', '__proto__', 'x'.repeat(200), '']);
      const kind = r.int(4);
      try {
        if (kind === 0) doc.getMap(name).set(str(hostile(r, 4)).slice(0, 50), r.int(100));
        else if (kind === 1) doc.getArray(name).insert(0, [r.pick([1, 'a', null, true])]);
        else if (kind === 2) doc.getText(name).insert(0, str(hostile(r, 4)).slice(0, 500));
        else doc.getXmlFragment(name).insert(0, [new Y.XmlText('x')]);
      } catch {
        // Yjs refused to build it (a lone surrogate, say): the empty update goes instead.
      }
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint(e, r.pick([1, 2]));
      encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(doc));
      doc.destroy();
      break;
    }
    case 1: {
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint8Array(e, Y.encodeStateVector(new Y.Doc()));
      break;
    }
    case 2: {
      // A length prefix far beyond the message.
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint(e, r.pick([0, 1, 2]));
      encoding.writeVarUint(e, r.pick([2 ** 31, 2 ** 32 - 1, 1_000_000, 70_000]));
      encoding.writeUint8Array(e, new Uint8Array(r.int(20)));
      break;
    }
    case 3: {
      // A varint that never ends.
      encoding.writeUint8Array(e, new Uint8Array(r.int(12) + 1).fill(0xff));
      break;
    }
    case 4: {
      const doc = new Y.Doc();
      const awareness = new awarenessProtocol.Awareness(doc);
      awareness.setLocalState({ user: hostile(r, 3) as object });
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint8Array(
        e,
        awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]),
      );
      awareness.destroy();
      doc.destroy();
      break;
    }
    case 5:
      encoding.writeVarUint(e, r.pick([1, 3, 2, 4, 99, 2 ** 31]));
      encoding.writeUint8Array(e, new Uint8Array(r.int(8)));
      break;
    case 6:
      return str(hostile(r, 4)).slice(0, 1000);
    case 7: {
      // A valid message cut short.
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint(e, 2);
      const doc = new Y.Doc();
      doc.getMap('m').set('k', 'v');
      const update = Y.encodeStateAsUpdate(doc);
      encoding.writeVarUint8Array(e, update);
      doc.destroy();
      const whole = encoding.toUint8Array(e);
      return whole.slice(0, 1 + r.int(whole.length - 1));
    }
    default:
      encoding.writeUint8Array(
        e,
        Uint8Array.from({ length: r.int(100) }, () => r.int(256)),
      );
  }
  return encoding.toUint8Array(e);
}

function depthOf(v: unknown, limit = 600): number {
  // The deepest branch, not the first: an object may hold a shallow value before a deep one.
  // Stops counting at `limit`, so the walk itself stays shallow.
  if (limit <= 0 || typeof v !== 'object' || v === null) return 0;
  let deepest = 0;
  for (const child of Array.isArray(v) ? v : Object.values(v)) {
    if (typeof child === 'object' && child !== null) {
      deepest = Math.max(deepest, depthOf(child, limit - 1));
      if (deepest >= limit - 1) break;
    }
  }
  return 1 + deepest;
}

/** A path segment, percent-encoded; a lone surrogate cannot be, so it goes as broken escapes. */
function pathSegment(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80%zz';
  }
}

function tooDeepForTheClient(args: unknown[]): boolean {
  // socket.io-client's encoder recurses per level (and its debug build more deeply): a few
  // hundred levels already overflowed its stack under vitest, so anything past 100 goes raw.
  return args.some((a) => depthOf(a, 101) >= 100);
}

/**
 * What Socket.IO's server-side decoder makes of an event the client sends: the packet as
 * socket.io-client would encode it (binary as attachments), decoded by the same parser the
 * server uses. Undefined when the decoder refuses it (a reserved or non-string name): over the
 * network the connection would be dropped and the server's listener never called.
 */
export function decodedAsServer(event: unknown, args: unknown[]): unknown[] | undefined {
  const buffers: Buffer[] = [];
  let text: string;
  try {
    // A replacer takes JSON.stringify off its fast path, which for the 300 kB strings and
    // thousands of levels the fuzzer sends is most of an in-process message's cost.
    text = !containsBuffer([event, ...args])
      ? JSON.stringify([event, ...args])
      : JSON.stringify([event, ...args], function (this: unknown, key: string, value: unknown) {
          const original = (this as Record<string, unknown>)[key];
          if (Buffer.isBuffer(original)) {
            buffers.push(original);
            return { _placeholder: true, num: buffers.length - 1 };
          }
          return value;
        });
  } catch {
    return undefined; // the client could not have encoded it either
  }
  const decoder = new Decoder();
  let decoded: Packet | undefined;
  decoder.on('decoded', (packet: Packet) => (decoded = packet));
  try {
    const type = buffers.length ? PacketType.BINARY_EVENT : PacketType.EVENT;
    decoder.add(`${type}${buffers.length ? `${buffers.length}-` : ''}${text}`);
    for (const b of buffers) decoder.add(b);
  } catch {
    return undefined;
  } finally {
    decoder.destroy();
  }
  return Array.isArray(decoded?.data) ? (decoded.data as unknown[]) : undefined;
}

/** Walks without recursion: the fuzzer's values nest thousands of levels deep. */
function containsBuffer(value: unknown): boolean {
  const stack = [value];
  while (stack.length) {
    const v = stack.pop();
    if (Buffer.isBuffer(v)) return true;
    if (typeof v === 'object' && v !== null) stack.push(...Object.values(v));
  }
  return false;
}

const ackSchemas = new Map(
  commandNames.map((name) => [name, ackSchema(commands[name].response)] as const),
);

/**
 * What is wrong with an answer, as the client would read it off the wire (JSON), or undefined:
 * `{ok:true,data}` must parse with the command's result schema, `{ok:false,error}` must carry a
 * known error code and a message, and anything but a command must be UNKNOWN_COMMAND.
 */
export function ackProblem(event: unknown, answer: unknown): string | undefined {
  let wire: unknown;
  try {
    wire = JSON.parse(JSON.stringify(answer) ?? 'null');
  } catch (err) {
    return `answer cannot be sent: ${String(err)}`;
  }
  const command =
    typeof event === 'string' && Object.hasOwn(commands, event)
      ? (event as CommandName)
      : undefined;
  const schema = command ? ackSchemas.get(command) : ackSchema(z.never());
  const parsed = schema!.safeParse(wire);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return `${command ?? 'unknown event'}: ${issue?.path.join('.')} ${issue?.message}`;
  }
  if (!command && (parsed.data.ok || parsed.data.error.code !== 'UNKNOWN_COMMAND'))
    return `unknown event answered ${JSON.stringify(wire).slice(0, 100)}`;
  return undefined;
}

export async function runFuzz(
  target: FuzzTarget,
  opts: {
    seed: number;
    count: number;
    onProgress?: (done: number, stats: FuzzStats) => void;
    /**
     * Calls the server's handlers in-process instead of sending over the sockets, which are
     * still opened (over the network) to give the handlers their connections. Socket.IO and
     * Yjs only; REST is always sent over the network.
     */
    inProcess?: Edges;
  },
): Promise<FuzzStats> {
  const r = new Rand(opts.seed);
  const stats: FuzzStats = {
    sent: { socket: 0, yjs: 0, rest: 0 },
    acks: {},
    restStatus: {},
    reconnects: 0,
    waited: { answers: 0, rest: 0 },
    findings: [],
  };
  const edges = opts.inProcess;
  const finding = (text: string) => {
    if (stats.findings.length < 20) stats.findings.push(text);
  };
  const known = [...target.workshopIds, ...target.recordIds, ...target.boardActivityIds];
  const bodySchemas = restSchemas().map((s) => jsonSchemaOf(s));
  const routes = routesOf(target.expressApp);
  const wsUrl = target.url.replace(/^http/, 'ws');

  // --- Socket.IO: a pool of connections, each role, reopened when the server cuts one off.
  type Conn = {
    socket: Socket | undefined;
    auth: Record<string, unknown>;
    cookie?: string;
    retryAt: number;
  };
  // In-process, the server cuts a socket off after 50 bad messages within seconds: a few of
  // each staff role keep some connected while the others come back.
  const copies = (n: number) => Array.from({ length: edges ? n : 1 });
  const conns: Conn[] = [
    ...target.participantTokens.map((token) => ({
      socket: undefined,
      retryAt: 0,
      auth: { role: 'participant', token },
    })),
    ...target.workshopIds.flatMap((workshopId) =>
      copies(4).map(() => ({
        socket: undefined,
        retryAt: 0,
        auth: { role: 'facilitator', workshopId },
        cookie: edges ? target.inProcessCookie : target.cookie,
      })),
    ),
    ...target.joinCodes.flatMap((code) =>
      copies(2).map(() => ({
        socket: undefined,
        retryAt: 0,
        auth: { role: 'screen', code },
      })),
    ),
  ];
  const open = (c: Conn) => {
    c.socket?.close();
    stats.reconnects += 1;
    c.socket = io(target.url, {
      auth: { v: PROTOCOL_VERSION, ...c.auth },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      extraHeaders: c.cookie ? { cookie: c.cookie } : {},
    });
  };
  for (const c of conns) open(c);

  let inflight = 0;
  const waiters: Pending[] = [];
  const settle = () => {
    inflight -= 1;
    waiters.shift()?.resolve();
  };
  const room = async (limit: number) => {
    while (inflight >= limit) await new Promise<void>((resolve) => waiters.push({ resolve }));
  };
  const history: SocketMessage[] = [];

  async function sendSocket() {
    const c = r.pick(conns);
    if (!c.socket?.connected) {
      // Never wait for a connection: a refused one (a signed-out session, a rate-limited code)
      // is tried again a little later, and another channel goes meanwhile.
      if (!c.socket?.active && Date.now() >= c.retryAt) {
        open(c);
        c.retryAt = Date.now() + 500;
      }
      return false;
    }
    const socket = c.socket;
    const msg = socketMessage(r, history, known);
    const raw = socket as unknown as {
      timeout(ms: number): { emit(...a: unknown[]): void };
      emit(...a: unknown[]): void;
    };
    if (r.chance(0.1) || tooDeepForTheClient(msg.args)) {
      // socket.io-client walks payloads recursively looking for binary, so deep nesting goes
      // out as a hand-made event packet, as a raw WebSocket client could send it.
      const engine = socket.io.engine as unknown as { send(packet: string): void };
      if (tooDeepForTheClient(msg.args))
        engine.send('42' + JSON.stringify([msg.event, ...msg.args]));
      else raw.emit(msg.event, ...msg.args);
    } else {
      const t0 = Date.now();
      await room(200);
      stats.waited.answers += Date.now() - t0;
      inflight += 1;
      raw.timeout(15_000).emit(msg.event, ...msg.args, (err: unknown, ack: unknown) => {
        const code = err
          ? 'no answer'
          : typeof ack === 'object' && ack !== null && 'ok' in ack
            ? ack.ok
              ? 'ok'
              : String((ack as { error?: { code?: string } }).error?.code)
            : 'odd ack';
        stats.acks[code] = (stats.acks[code] ?? 0) + 1;
        settle();
      });
    }
    stats.sent.socket += 1;
    return true;
  }

  // --- Yjs: connections per document and credential, reopened when closed.
  type YConn = {
    ws: WsClient | undefined;
    url: string;
    headers: Record<string, string>;
    retryAt: number;
  };
  const docNames = [
    ...target.boardActivityIds.map((id) => `board:${id}`),
    'board:00000000-0000-4000-8000-000000000000',
    'cafe:00000000-0000-4000-8000-000000000000:1:1',
  ];
  const yconns: YConn[] = docNames.flatMap((doc) => [
    {
      ws: undefined,
      retryAt: 0,
      url: `${wsUrl}/yjs/${doc}`,
      headers: { cookie: edges ? target.inProcessCookie : target.cookie },
    },
    ...target.participantTokens.slice(0, 2).map((token) => ({
      ws: undefined,
      retryAt: 0,
      url: `${wsUrl}/yjs/${doc}?token=${token}`,
      headers: {},
    })),
    ...target.joinCodes.map((code) => ({
      ws: undefined,
      retryAt: 0,
      url: `${wsUrl}/yjs/${doc}?code=${code}`,
      headers: {},
    })),
  ]);

  /** The connection, reopened if it was closed and its retry time has come. */
  function yjsConnection(c: YConn): WsClient | undefined {
    if (!c.ws || c.ws.readyState > WsClient.OPEN) {
      if (Date.now() < c.retryAt) return undefined;
      const ws = new WsClient(c.url, { headers: c.headers, handshakeTimeout: 10_000 });
      ws.on('error', () => undefined);
      c.ws = ws;
      c.retryAt = Date.now() + 200;
      stats.reconnects += 1;
    }
    return c.ws;
  }

  async function sendYjs() {
    const ws = yjsConnection(r.pick(yconns));
    if (ws?.readyState !== WsClient.OPEN || ws.bufferedAmount > 1_000_000) return false;
    ws.send(yjsMessage(r));
    stats.sent.yjs += 1;
    return true;
  }

  // --- In-process: the same messages handed to the server's own handlers (Roundtable.edges).
  const fuzzedWorkshops = new Set(target.workshopIds);
  const fuzzedDocs = new Set(docNames);
  const count = (key: string) => (stats.acks[key] = (stats.acks[key] ?? 0) + 1);

  // Answers given up on after 15 s: one that still comes tells a slow answer from a lost one.
  let late = 0;

  async function sendSocketInProcess(edges: Edges) {
    // One connection of the pool looked after per message: the server cuts sockets off for bad
    // messages, and only connected sockets have a listener to call.
    const c = r.pick(conns);
    if (!c.socket?.connected && !c.socket?.active && Date.now() >= c.retryAt) {
      open(c);
      c.retryAt = Date.now() + 500;
    }
    const t0 = Date.now();
    await room(64);
    stats.waited.answers += Date.now() - t0;
    // From here to the call nothing waits: a socket picked before a wait may have been cut off
    // meanwhile, and its listener then rightly ignores the message, as the network would.
    // The normal participant's socket is in another workshop: it is watched, not fuzzed.
    const live = edges.sockets().filter((e) => fuzzedWorkshops.has(e.workshopId));
    if (!live.length) return false;
    const msg = socketMessage(r, history, known);
    stats.sent.socket += 1;
    const decoded = decodedAsServer(msg.event, msg.args);
    if (!decoded) {
      count('refused by the parser');
      return true;
    }
    const [event, ...args] = decoded;
    // Most commands are the facilitator's: sent from a random socket, nearly all would stop at
    // the permission check. Some go from a socket whose role may send them; not most, as each
    // that reaches its handler costs the database work CI's time cannot pay for 47,500 times.
    const allowed =
      typeof event === 'string' && Object.hasOwn(commands, event)
        ? live.filter((e) => edges.mayCall(event as CommandName, e.role))
        : [];
    const edge = r.pick(allowed.length && r.chance(0.2) ? allowed : live);
    const name = str(event).slice(0, 40);
    if (r.chance(0.1)) {
      // No acknowledgement asked for: the server must not answer, and must not fail either.
      try {
        edge.receive(event, ...args);
      } catch (err) {
        finding(`${name} without ack: listener threw ${str(err)}`);
      }
      return true;
    }
    inflight += 1;
    let answers = 0;
    const sentAt = Date.now();
    const timer = setTimeout(() => {
      finding(`${name}: no answer within 15 s (${JSON.stringify(args).slice(0, 200)})`);
      count('no answer');
      late += 1;
      settle();
    }, 15_000);
    try {
      edge.receive(event, ...args, (answer: unknown) => {
        answers += 1;
        if (answers > 1) return finding(`${name}: answered twice`);
        const ms = Date.now() - sentAt;
        if (ms >= 15_000) {
          late -= 1;
          return finding(`${name}: answered after ${ms} ms`);
        }
        clearTimeout(timer);
        if (ms > (stats.slowest?.ms ?? 0)) stats.slowest = { command: name, ms };
        const problem = ackProblem(event, answer);
        if (problem) finding(problem);
        const failed = answer as { ok?: boolean; error?: { code?: string } } | null;
        count(problem ? 'wrong shape' : failed?.ok ? 'ok' : str(failed?.error?.code));
        settle();
      });
    } catch (err) {
      clearTimeout(timer);
      finding(`${name}: listener threw ${str(err)}`);
      settle();
    }
    return true;
  }

  function sendYjsInProcess(edges: Edges) {
    yjsConnection(r.pick(yconns));
    const live = edges.yjs().filter((e) => fuzzedDocs.has(e.docName));
    if (!live.length) return false;
    const msg = yjsMessage(r);
    // What ws hands its message listener: a Buffer, and whether the frame was binary.
    const data = typeof msg === 'string' ? Buffer.from(msg, 'utf8') : Buffer.from(msg);
    try {
      r.pick(live).receive(data, typeof msg !== 'string');
    } catch (err) {
      finding(`yjs handler threw ${str(err)}`);
    }
    stats.sent.yjs += 1;
    return true;
  }

  // --- REST: every route, its parameters filled with known ids, nonsense or traversal.
  let restInflight = 0;
  const restWaiters: Pending[] = [];
  async function sendRest() {
    const t0 = Date.now();
    while (restInflight >= 16) await new Promise<void>((resolve) => restWaiters.push({ resolve }));
    stats.waited.rest += Date.now() - t0;
    const route = r.pick(routes);
    const path = route.path.replace(/:(\w+)/g, () =>
      r.chance(0.6)
        ? r.pick([...known, ...target.joinCodes, 'latest', '1'])
        : pathSegment(str(hostile(r, 4)).slice(0, 200)),
    );
    const roll = r.int(10);
    const body =
      route.method === 'GET' || route.method === 'HEAD'
        ? undefined
        : roll < 5
          ? JSON.stringify(valid(r.pick(bodySchemas), r, known))
          : roll < 8
            ? JSON.stringify(mutate(valid(r.pick(bodySchemas), r, known), r))
            : r.pick(['{', '[]', 'null', '"', '{"a":'.repeat(100), JSON.stringify(hostile(r))]);
    restInflight += 1;
    stats.sent.rest += 1;
    const headers: Record<string, string> = {};
    if (body !== undefined)
      headers['content-type'] = r.chance(0.9) ? 'application/json' : 'text/plain';
    if (r.chance(0.7)) headers.cookie = target.cookie;
    void fetch(`${target.url}${path}${r.chance(0.1) ? '?view=audit&q=%00' : ''}`, {
      method: route.method,
      // An answer that never comes is a finding, not a reason for the fuzzer to hang.
      signal: AbortSignal.timeout(20_000),
      headers,
      ...(body !== undefined ? { body } : {}),
    })
      .then(async (res) => {
        await res.arrayBuffer();
        const key = String(res.status);
        stats.restStatus[key] = (stats.restStatus[key] ?? 0) + 1;
      })
      .catch((err: unknown) => {
        const key = err instanceof Error && err.name === 'TimeoutError' ? 'timeout' : 'network';
        stats.restStatus[key] = (stats.restStatus[key] ?? 0) + 1;
      })
      .finally(() => {
        restInflight -= 1;
        restWaiters.shift()?.resolve();
      });
    return true;
  }

  let done = 0;
  while (done < opts.count) {
    const roll = r.int(100);
    const sent = edges
      ? // Yjs connections are closed by their first malformed message, so often none is open
        // for a moment: a command goes instead of waiting for one.
        (roll >= 85 && sendYjsInProcess(edges)) || (await sendSocketInProcess(edges))
      : roll < 80
        ? await sendSocket()
        : roll < 92
          ? await sendYjs()
          : await sendRest();
    if (sent) done += 1;
    // Handlers that answer at once never give the event loop back: the sockets being reopened
    // and the watched participant need it.
    if (edges && done % 32 === 0) await new Promise((resolve) => setImmediate(resolve));
    // Every connection down for the moment: give them a moment to come back.
    else if (r.chance(0.2)) await new Promise((resolve) => setTimeout(resolve, 1));
    if (done % 5000 === 0 && sent) {
      opts.onProgress?.(done, stats);
      // Let the server (in this process, or its socket buffers) breathe between batches.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  // Wait for the answers still on their way, then close everything.
  await room(1);
  for (let i = 0; late > 0 && i < 300; i++)
    await new Promise((resolve) => setTimeout(resolve, 100));
  while (restInflight > 0) await new Promise<void>((resolve) => restWaiters.push({ resolve }));
  for (const c of conns) c.socket?.close();
  for (const c of yconns) c.ws?.terminate();
  return stats;
}
