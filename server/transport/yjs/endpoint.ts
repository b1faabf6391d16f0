import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { DocPolicy } from '../../core/documents.ts';
import type { Logger } from '../../logger.ts';
import { LogGate } from '../logGate.ts';
import { SESSION_COOKIE } from '../../core/http.ts';
import { parseCookies } from '../http/helpers.ts';
import { originCheck, type OriginCheck } from '../origin.ts';
import type { UpgradeHandler } from '../upgrades.ts';
import {
  DocRegistry,
  DocUnavailableError,
  UpdateRefusedError,
  type DocAccess,
  type DocHooks,
  type DocPeer,
  type SharedDoc,
} from './docs.ts';
import type { DocRelay } from './relay.ts';
import type { YjsStore } from './store.ts';

/** y-websocket's message types (the first varUint of every message). */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_QUERY_AWARENESS = 3;

export const YJS_PATH = '/yjs/';

/** Document names: `board:<uuid>` and the like. Anything else is a 404 at the upgrade. */
const DOC_NAME = /^[a-z0-9:-]{1,100}$/;

export type Authorize = (req: IncomingMessage, docName: string) => Promise<DocAccess | null>;

export type YjsLimits = {
  /** Larger messages close the connection with 1009. */
  maxMessageBytes: number;
  /** Token bucket per connection: sustained messages per second, and the bucket's size. */
  messagesPerSecond: number;
  burst: number;
  /** Dropped messages within floodWindowMs beyond which the connection is closed with 1008. */
  floodDrops: number;
  floodWindowMs: number;
  /** A connection that has not answered the previous ping by the next one is terminated. */
  pingIntervalMs: number;
  /**
   * y-websocket 3.1.0 reconnects when it has received no message for 30 s, and read-only
   * connections get no awareness traffic; an idle connection is sent an empty update this often.
   */
  heartbeatMs: number;
  /** Unsent bytes beyond which a slow reader is closed (1013) rather than buffered without end. */
  maxBufferedBytes: number;
};

export const defaultYjsLimits: YjsLimits = {
  maxMessageBytes: 256 * 1024,
  messagesPerSecond: 100,
  burst: 300,
  floodDrops: 300,
  floodWindowMs: 10_000,
  pingIntervalMs: 30_000,
  heartbeatMs: 15_000,
  maxBufferedBytes: 8 * 1024 * 1024,
};

export type YjsEndpoint = {
  /** For routeUpgrades under YJS_PATH. */
  handleUpgrade: UpgradeHandler;
  docs: DocRegistry;
  /**
   * Checks every open connection to these documents again, after their owner changed who may do
   * what (a World Café round ended, someone moved table). A connection whose access changed stops
   * being served at once and is closed: 4000 makes y-websocket reconnect with its new access,
   * 4403 (no access left) makes it stop.
   */
  recheck(docNames: readonly string[]): Promise<void>;
  /** The connections open now, each with the function its messages go to (SEC17). */
  edges(): YjsEdge[];
  /** Closes every connection (1001), waits for pending writes to be stored, unloads documents. */
  close(): Promise<void>;
};

/**
 * An open connection as the in-process fuzzer sees it (SEC17): `receive` is the very function
 * ws calls with each message, so a call takes the network's path from the unmasked frame on
 * (type check, rate, decode, access, document).
 */
export type YjsEdge = {
  docName: string;
  access: DocAccess;
  receive(data: RawData, isBinary: boolean): void;
};

/** An update with no structs and no deletions: applying it changes nothing and sends nothing. */
const EMPTY_UPDATE = new Uint8Array([0, 0]);

class MalformedMessage extends Error {
  override name = 'MalformedMessage';
}

/**
 * The Yjs document server: y-websocket's wire protocol on y-protocols, one document per URL
 * (`/yjs/<docName>`). Read-only connections are answered (sync step 2 for their step 1, then
 * every update) but whatever they try to write, and their awareness, is dropped.
 */
export function createYjsEndpoint(opts: {
  store: YjsStore;
  log: Logger;
  authorize: Authorize;
  limits?: Partial<YjsLimits>;
  unloadAfterMs?: number;
  hooks?: DocHooks;
  /** With several nodes: documents kept in step across them, and access re-checked on all. */
  relay?: DocRelay;
  /** Refuses upgrades from pages of another origin (SEC7); by default, the Host's own. */
  sameOrigin?: OriginCheck;
  /** Bounds the log lines clients can cause (SEC10); the app shares one with its other edges. */
  gate?: LogGate;
}): YjsEndpoint {
  const { log, authorize } = opts;
  const sameOrigin = opts.sameOrigin ?? originCheck({});
  // What a client causes (refused upgrades, bad messages) is logged through the gate (SEC10).
  const gate = opts.gate ?? new LogGate(log);
  const limits: YjsLimits = { ...defaultYjsLimits, ...opts.limits };
  const docs = new DocRegistry({
    store: opts.store,
    log,
    ...(opts.unloadAfterMs !== undefined ? { unloadAfterMs: opts.unloadAfterMs } : {}),
    ...(opts.hooks ? { hooks: opts.hooks } : {}),
    ...(opts.relay ? { relay: opts.relay } : {}),
  });
  // ws enforces maxPayload while reading a frame, so an oversized message is never buffered.
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: limits.maxMessageBytes,
    perMessageDeflate: false,
  });
  const connections = new Set<Connection>();
  let closing = false;

  const pinger = setInterval(() => {
    for (const c of connections) {
      c.checkAlive();
    }
    recheckSpread([...connections].filter((c) => c.access === 'write'));
  }, limits.pingIntervalMs);
  const heartbeat = setInterval(() => {
    for (const c of connections) c.heartbeat();
  }, limits.heartbeatMs);
  pinger.unref();
  heartbeat.unref();

  /**
   * A read-write connection outlives the check at its upgrade: a facilitator who signs out, or
   * whose session expires, loses write access within one ping interval. (Read-only connections
   * are not re-checked: that would be a query per phone every interval, for no right they have.)
   * The checks are spread over the interval: 200 seated café phones checked at once were a burst
   * of a thousand queries that stalled the event loop for a third of a second.
   */
  let spreading = false;
  function recheckSpread(writers: Connection[]) {
    if (spreading || writers.length === 0) return;
    spreading = true;
    const gap = limits.pingIntervalMs / (writers.length + 1);
    let i = 0;
    const next = () => {
      const c = writers[i++];
      if (!c || closing) {
        spreading = false;
        return;
      }
      if (connections.has(c)) recheck(c);
      setTimeout(next, gap).unref();
    };
    next();
  }

  function recheck(c: Connection) {
    authorize(c.req, c.shared.name)
      .then((access) => {
        if (access === 'write') return;
        gate.info({ docName: c.shared.name }, 'yjs write access ended');
        // 4403: y-websocket 3.x treats 4400-4499 as final and stops reconnecting.
        c.close(4403, 'access revoked');
      })
      .catch((err: unknown) => log.error({ err }, 'yjs re-authorization failed'));
  }

  async function accept(req: IncomingMessage, socket: Duplex, head: Buffer) {
    if (closing) return refuse(socket, 503);
    const docName = docNameOf(req.url);
    if (!docName) return refuse(socket, 404);
    if (!sameOrigin(req.headers)) {
      gate.info({ docName, reason: 'cross-origin' }, 'yjs upgrade refused');
      return refuse(socket, 403);
    }
    const access = await authorize(req, docName);
    if (!access) {
      const anyCredential = Object.values(credentialsFromRequest(req)).some(Boolean);
      gate.info({ docName, reason: 'unauthorized' }, 'yjs upgrade refused');
      return refuse(socket, anyCredential ? 403 : 401);
    }
    if (closing) return refuse(socket, 503);
    if (socket.destroyed) return;
    const shared = await docs.hold(docName);
    let accepted = false;
    try {
      if (closing) return refuse(socket, 503);
      if (socket.destroyed) return;
      // Synchronous: ws either calls back or has already answered the socket with an error.
      wss.handleUpgrade(req, socket, head, (ws) => {
        accepted = true;
        const conn = new Connection(ws, req, shared, access, limits, gate, () => {
          connections.delete(conn);
          docs.release(shared);
        });
        connections.add(conn);
        conn.start();
      });
    } finally {
      if (!accepted) docs.release(shared);
    }
  }

  async function recheckDocs(docNames: readonly string[]) {
    const names = new Set(docNames);
    const affected = [...connections].filter((c) => names.has(c.shared.name));
    await Promise.all(
      affected.map(async (c) => {
        let access: DocAccess | null;
        try {
          access = await authorize(c.req, c.shared.name);
        } catch (err) {
          log.error({ err }, 'yjs re-authorization failed');
          access = null;
        }
        if (access === c.access) return;
        c.revoke();
        if (access === null) c.close(4403, 'access revoked');
        else c.close(4000, 'access changed');
      }),
    );
  }

  opts.relay?.onReconnect(() => {
    docs.catchUp().catch((err: unknown) => log.error({ err }, 'yjs catch-up failed'));
  });
  // Who may write a tablecloth changes on the node that ran the command; the others hear it.
  opts.relay?.onRecheck((names) => {
    recheckDocs(names).catch((err: unknown) => log.error({ err }, 'yjs re-check failed'));
  });

  return {
    docs,
    async recheck(docNames) {
      opts.relay?.recheck(docNames);
      await recheckDocs(docNames);
    },
    edges: () =>
      [...connections]
        .filter((c) => c.open)
        .map((c) => ({
          docName: c.shared.name,
          access: c.access,
          receive: (data, isBinary) => c.receive(data, isBinary),
        })),
    handleUpgrade(req, socket, head) {
      // Until ws owns the socket, a reset by the client must not become an uncaught error.
      socket.on('error', () => socket.destroy());
      accept(req, socket, head).catch((err: unknown) => {
        gate.error({ err }, 'yjs upgrade failed');
        refuse(socket, 500);
      });
    },
    async close() {
      closing = true;
      clearInterval(pinger);
      clearInterval(heartbeat);
      const open = [...connections];
      const closed = Promise.all(open.map((c) => c.closed));
      for (const c of open) c.close(1001, 'server shutting down');
      // A peer that never answers the close frame must not hold up the shutdown.
      const grace = new Promise<void>((resolve) => setTimeout(resolve, 1000).unref());
      await Promise.race([closed, grace]);
      for (const c of connections) c.terminate();
      await docs.close();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/**
 * One WebSocket on one document. Messages are handled in arrival order: each is decoded, checked
 * against the connection's access, and handed to the document's queue, which keeps that order.
 */
class Connection implements DocPeer {
  readonly closed: Promise<void>;
  private alive = true;
  private lastSentAt = Date.now();
  private tokens: number;
  private refilledAt = Date.now();
  private drops = 0;
  private dropWindowStart = 0;
  private resyncTimer: NodeJS.Timeout | undefined;
  /** Set when access changed: nothing more from this connection is applied. */
  private revoked = false;

  constructor(
    private readonly ws: WebSocket,
    /** The upgrade request, kept to check access again later. */
    readonly req: IncomingMessage,
    readonly shared: SharedDoc,
    readonly access: DocAccess,
    private readonly limits: YjsLimits,
    private readonly log: LogGate,
    onClosed: () => void,
  ) {
    this.tokens = limits.burst;
    this.closed = new Promise((resolve) => {
      ws.once('close', () => {
        clearTimeout(this.resyncTimer);
        shared.detach(this);
        onClosed();
        resolve();
      });
    });
  }

  start() {
    const { ws, shared } = this;
    ws.on('pong', () => (this.alive = true));
    ws.on('error', (err: Error & { code?: string }) => {
      // ws closes the connection itself after these (1009 for an oversized message).
      this.log.info({ docName: shared.name, code: err.code }, 'yjs connection error');
    });
    ws.on('message', (data, isBinary) => this.receive(data, isBinary));
    shared.attach(this);
    if (this.access === 'write') {
      // Ask a read-write peer for what it has and the server lacks (it answers with step 2).
      this.sendSyncStep1();
      const states = shared.awarenessStates();
      if (states) this.sendAwareness(states);
    }
  }

  sendState(update: Uint8Array) {
    this.send(syncMessage(syncProtocol.messageYjsSyncStep2, update));
  }

  sendUpdate(update: Uint8Array) {
    this.send(syncMessage(syncProtocol.messageYjsUpdate, update));
  }

  sendAwareness(update: Uint8Array) {
    if (this.access !== 'write') return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(encoder, update);
    this.send(encoding.toUint8Array(encoder));
  }

  close(code: number, reason: string) {
    this.ws.close(code, reason);
  }

  revoke() {
    this.revoked = true;
  }

  terminate() {
    this.ws.terminate();
  }

  checkAlive() {
    if (!this.alive) return this.ws.terminate();
    this.alive = false;
    this.ws.ping();
  }

  heartbeat() {
    if (Date.now() - this.lastSentAt >= this.limits.heartbeatMs) this.sendUpdate(EMPTY_UPDATE);
  }

  private sendSyncStep1() {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep1);
    encoding.writeVarUint8Array(encoder, this.shared.stateVector());
    this.send(encoding.toUint8Array(encoder));
  }

  private send(message: Uint8Array) {
    if (this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount > this.limits.maxBufferedBytes) {
      this.log.info({ docName: this.shared.name }, 'yjs reader too slow; closing');
      this.ws.close(1013, 'too slow');
      return;
    }
    this.lastSentAt = Date.now();
    this.ws.send(message);
  }

  get open(): boolean {
    return this.ws.readyState === this.ws.OPEN;
  }

  receive(data: RawData, isBinary: boolean) {
    if (this.revoked) return;
    if (!isBinary) return this.reject(1003, 'binary messages only');
    if (!this.takeToken()) return this.dropped();
    try {
      this.handle(toBytes(data));
    } catch (err) {
      this.malformed(err);
    }
  }

  private handle(bytes: Uint8Array) {
    const decoder = decoding.createDecoder(bytes);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MESSAGE_SYNC: {
        const step = decoding.readVarUint(decoder);
        const payload = decoding.readVarUint8Array(decoder);
        if (step === syncProtocol.messageYjsSyncStep1) {
          this.shared.requestState(this, payload).catch((err: unknown) => this.malformed(err));
        } else if (
          step === syncProtocol.messageYjsSyncStep2 ||
          step === syncProtocol.messageYjsUpdate
        ) {
          // The point of read-only: nothing from this connection reaches the document.
          if (this.access !== 'write') return;
          this.shared.applyUpdate(this, payload).catch((err: unknown) => this.malformed(err));
        } else {
          throw new MalformedMessage('unknown sync step');
        }
        return;
      }
      case MESSAGE_AWARENESS: {
        if (this.access !== 'write') return;
        this.shared.applyAwareness(this, decoding.readVarUint8Array(decoder));
        return;
      }
      case MESSAGE_QUERY_AWARENESS: {
        if (this.access !== 'write') return;
        const states = this.shared.awarenessStates();
        if (states) this.sendAwareness(states);
        return;
      }
      default:
        throw new MalformedMessage('unknown message type');
    }
  }

  private takeToken(): boolean {
    const now = Date.now();
    const refill = ((now - this.refilledAt) / 1000) * this.limits.messagesPerSecond;
    this.tokens = Math.min(this.limits.burst, this.tokens + refill);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  private dropped() {
    const now = Date.now();
    if (now - this.dropWindowStart > this.limits.floodWindowMs) {
      this.dropWindowStart = now;
      this.drops = 0;
    }
    this.drops += 1;
    if (this.drops > this.limits.floodDrops) return this.reject(1008, 'too many messages');
    // A dropped update leaves a read-write peer ahead of the server. Once the flood has passed,
    // a sync step 1 makes it send whatever the server is missing.
    if (this.access === 'write' && !this.resyncTimer) {
      this.resyncTimer = setTimeout(() => {
        this.resyncTimer = undefined;
        this.sendSyncStep1();
      }, 1000);
      this.resyncTimer.unref();
    }
  }

  private malformed(err: unknown) {
    if (err instanceof DocUnavailableError) return; // its peers were closed with 1011 already
    if (err instanceof UpdateRefusedError) {
      this.log.info({ docName: this.shared.name }, 'yjs update refused');
      // 4413 is final for y-websocket: a client over the budget must not resend it forever.
      return this.reject(4413, 'document full');
    }
    // The name only: a message (a JSON.parse error, say) could quote the content.
    const kind = err instanceof Error ? err.name : typeof err;
    this.log.warn({ docName: this.shared.name, kind }, 'malformed yjs message');
    this.reject(1007, 'malformed message');
  }

  private reject(code: number, reason: string) {
    if (this.ws.readyState === this.ws.OPEN) this.ws.close(code, reason);
  }
}

function syncMessage(step: number, update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, step);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/**
 * A copy with a buffer of its own: lib0's readVarUint8Array trusts the length prefix and views
 * `arr.buffer` directly, so on a slice of a larger (pooled) buffer a lying length would read
 * neighbouring memory instead of failing.
 */
function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  return new Uint8Array(data);
}

/** The document name in `/yjs/<docName>?…`, or undefined if it is not one we serve. */
export function docNameOf(url: string | undefined): string | undefined {
  if (!url?.startsWith(YJS_PATH)) return undefined;
  const path = url.slice(YJS_PATH.length).split('?')[0]!;
  let name: string;
  try {
    name = decodeURIComponent(path);
  } catch {
    return undefined;
  }
  return DOC_NAME.test(name) ? name : undefined;
}

function refuse(socket: Duplex, status: 401 | 403 | 404 | 500 | 503) {
  const text = {
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    500: 'Internal Server Error',
    503: 'Service Unavailable',
  }[status];
  if (socket.destroyed) return;
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export type YjsCredentials = {
  /** A participant's device token, from `?token=` (browsers cannot set headers on WebSockets). */
  participantToken: string | undefined;
  /** The facilitator session cookie. */
  sessionToken: string | undefined;
  /** A projector's join code, from `?code=`: the projector reads what the room may see. */
  joinCode: string | undefined;
};

export function credentialsFromRequest(req: IncomingMessage): YjsCredentials {
  let params: URLSearchParams | undefined;
  try {
    params = new URL(req.url ?? '/', 'http://localhost').searchParams;
  } catch {
    params = undefined;
  }
  const sessionToken = parseCookies(req.headers.cookie)[SESSION_COOKIE];
  return {
    participantToken: params?.get('token')?.slice(0, 100) || undefined,
    sessionToken: sessionToken || undefined,
    joinCode: params?.get('code')?.slice(0, 20) || undefined,
  };
}

/**
 * An `authorize` that resolves the participant token and the session cookie, then leaves the
 * decision for this document to `policy` (the feature that owns the document knows its rules).
 */
export function authorizeFromRequest(deps: {
  participants: {
    authenticate(token: string): Promise<{ id: string; workshopId: string } | undefined>;
  };
  auth: { facilitatorForSession(token: string): Promise<{ id: string } | undefined> };
  /** Resolves a projector's join code; wrong codes count against the caller like any guess. */
  screens: { workshopForCode(code: string, address: string): Promise<{ id: string } | undefined> };
  policy: DocPolicy;
}): Authorize {
  return async (req, docName) => {
    const { participantToken, sessionToken, joinCode } = credentialsFromRequest(req);
    const [participant, facilitator, screen] = await Promise.all([
      participantToken ? deps.participants.authenticate(participantToken) : undefined,
      sessionToken ? deps.auth.facilitatorForSession(sessionToken) : undefined,
      joinCode
        ? deps.screens.workshopForCode(joinCode, req.socket.remoteAddress ?? 'unknown')
        : undefined,
    ]);
    if (!participant && !facilitator && !screen) return null;
    return deps.policy(
      {
        participant: participant
          ? { id: participant.id, workshopId: participant.workshopId }
          : undefined,
        facilitator: facilitator ? { id: facilitator.id } : undefined,
        screen: screen ? { workshopId: screen.id } : undefined,
      },
      docName,
    );
  };
}
