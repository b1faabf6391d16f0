import { io, type Socket } from 'socket.io-client';
import type { z } from 'zod';
import { ackSchema } from '../../shared/protocol/ack.ts';
import {
  ConnectRefusalSchema,
  commands,
  serverEvents,
  type CommandName,
  type CommandRequest,
  type CommandResult,
  type ConnectRefusal,
  type Handshake,
  type ServerEventName,
} from '../../shared/protocol/socket.ts';
import { PROTOCOL_VERSION } from '../../shared/protocol/version.ts';
import type { ProblemBody } from './api.ts';

/**
 * The only module that talks to Socket.IO. Everything that arrives is parsed with the shared
 * schemas before the rest of the client sees it, so a server that drifts from the protocol shows
 * up as a logged warning, not as a broken screen.
 */

export type RoomAuth = DistributiveOmit<Handshake, 'v'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'refused';

export type RoomEvent = {
  [K in ServerEventName]: { name: K; payload: z.output<(typeof serverEvents)[K]> };
}[ServerEventName];

export type CommandOutcome<K extends CommandName> =
  { ok: true; data: CommandResult<K> } | { ok: false; error: ProblemBody };

export type RoomListener = {
  status: (status: ConnectionStatus, refusal: ConnectRefusal | null) => void;
  event: (event: RoomEvent) => void;
};

/** Long enough for one bar of 4G, short enough that a dead socket is noticed while someone waits. */
const COMMAND_TIMEOUT_MS = 8000;
/**
 * After a phone wakes, its socket may claim to be connected while the network under it died
 * minutes ago. If the first sync does not come back this quickly, reconnecting is cheaper than
 * waiting out the full command timeout.
 */
const WAKE_PROBE_TIMEOUT_MS = 2000;
/** A handshake the server failed is tried again after this long, and up to twice as long. */
const HANDSHAKE_RETRY_MS = 1000;
/** A refused-for-rate handshake is retried after this long; the server decides again then. */
const RATE_LIMIT_RETRY_MS = 30_000;

/**
 * After the server's nodes lost each other, every connection reads the room again; phones spread
 * that over a few seconds so a hall of them does not ask in the same instant. Staff screens are
 * few and are looked at: they ask sooner.
 */
const RESYNC_SPREAD_MS = { participant: 3000, staff: 300 };

const serverEventNames = Object.keys(serverEvents) as ServerEventName[];

export class RoomClient {
  private readonly socket: Socket;
  private readonly listener: RoomListener;
  private readonly role: RoomAuth['role'];
  private stopped = false;
  private everConnected = false;
  private refused = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private resyncTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(auth: RoomAuth, listener: RoomListener) {
    this.listener = listener;
    this.role = auth.role;
    this.socket = io({
      auth: { v: PROTOCOL_VERSION, ...auth },
      transports: ['websocket', 'polling'],
      // Some council and venue networks block WebSockets; fall back to long-polling there.
      tryAllTransports: true,
      autoConnect: false,
      reconnectionDelayMax: 5000,
    });

    this.socket.on('connect', () => {
      this.everConnected = true;
      this.refused = false;
      this.listener.status('connected', null);
      void this.sync();
    });

    this.socket.on('disconnect', (reason) => {
      if (this.stopped) return;
      this.listener.status('reconnecting', null);
      // The server ended the session on purpose (e.g. signed out elsewhere). Socket.IO will not
      // retry by itself; trying again lets the handshake say why, which the page can act on.
      if (reason === 'io server disconnect') this.scheduleRetry(2000);
    });

    this.socket.on('connect_error', (err: Error) => {
      if (this.stopped) return;
      const data: unknown = 'data' in err ? err.data : undefined;
      const refusal = ConnectRefusalSchema.safeParse(data);
      if (refusal.success) {
        if (refusal.data.code === 'RATE_LIMITED') {
          this.listener.status(this.everConnected ? 'reconnecting' : 'connecting', null);
          this.scheduleRetry(RATE_LIMIT_RETRY_MS);
          return;
        }
        this.refused = true;
        this.listener.status('refused', refusal.data);
        return;
      }
      // A network failure: Socket.IO keeps retrying with back-off on its own.
      this.listener.status(this.everConnected ? 'reconnecting' : 'connecting', null);
      // A handshake the server could not finish ("Server error": its database was busy or away,
      // as when a hall arrives from a node that died) is not a network failure, and Socket.IO
      // does not retry it: try again shortly, spread so the hall does not return at once.
      if (!this.socket.active) this.scheduleRetry(HANDSHAKE_RETRY_MS * (1 + Math.random()));
    });

    for (const name of serverEventNames) {
      this.socket.on(name, (raw: unknown) => this.receive(name, raw));
    }
  }

  start() {
    this.stopped = false;
    this.listener.status('connecting', null);
    this.socket.connect();
    document.addEventListener('visibilitychange', this.onWake);
    window.addEventListener('online', this.onWake);
    window.addEventListener('pageshow', this.onWake);
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.resyncTimer);
    document.removeEventListener('visibilitychange', this.onWake);
    window.removeEventListener('online', this.onWake);
    window.removeEventListener('pageshow', this.onWake);
    this.socket.removeAllListeners();
    this.socket.disconnect();
  }

  /** Asks the server for a fresh snapshot and reports it as if it had been pushed. */
  async sync(timeoutMs = COMMAND_TIMEOUT_MS): Promise<void> {
    const state = await this.send('room:sync', {}, timeoutMs);
    if (state.ok) {
      this.listener.event({ name: 'room:state', payload: state.data });
    } else if (state.error.code === 'TIMEOUT') {
      // Connected on paper but silent: typical of a phone that slept. Start over at once rather
      // than waiting for the heartbeat to notice.
      this.restart();
      return;
    }
    if (this.role === 'facilitator' || this.role === 'screen') {
      const presence = await this.send('presence:get', {});
      if (presence.ok) this.listener.event({ name: 'presence:changed', payload: presence.data });
    }
    if (this.role === 'facilitator') {
      const roster = await this.send('roster:get', {});
      if (roster.ok) this.listener.event({ name: 'roster:changed', payload: roster.data });
    }
  }

  async send<K extends CommandName>(
    name: K,
    payload: CommandRequest<K>,
    timeoutMs = COMMAND_TIMEOUT_MS,
  ): Promise<CommandOutcome<K>> {
    // Commands are not queued while offline: a "close workshop" that fires minutes later, when
    // the laptop finds the network again, would surprise everyone in the room.
    if (!this.socket.connected) {
      return { ok: false, error: { code: 'OFFLINE', message: 'Not connected' } };
    }
    let raw: unknown;
    try {
      raw = await this.socket.timeout(timeoutMs).emitWithAck(name, payload);
    } catch {
      return { ok: false, error: { code: 'TIMEOUT', message: 'No answer from the server' } };
    }
    const parsed = ackSchema(commands[name].response).safeParse(raw);
    if (!parsed.success) {
      console.warn(`Unexpected answer to ${name}`, parsed.error.issues);
      return { ok: false, error: { code: 'BAD_RESPONSE', message: 'Unexpected answer' } };
    }
    if (!parsed.data.ok) return { ok: false, error: parsed.data.error };
    return { ok: true, data: parsed.data.data as CommandResult<K> };
  }

  private receive(name: ServerEventName, raw: unknown) {
    const parsed = serverEvents[name].safeParse(raw);
    if (!parsed.success) {
      console.warn(`Ignoring malformed ${name}`, parsed.error.issues);
      return;
    }
    if (name === 'room:resync') {
      this.resyncSoon();
      return;
    }
    this.listener.event({ name, payload: parsed.data } as RoomEvent);
  }

  /**
   * The room and what each view shows are read again, as after a reconnect; the views hear
   * `room:resync` and read theirs. Several nodes may ask at once: one read answers them all.
   */
  private resyncSoon() {
    if (this.resyncTimer !== undefined) return;
    const spread =
      this.role === 'participant' ? RESYNC_SPREAD_MS.participant : RESYNC_SPREAD_MS.staff;
    this.resyncTimer = setTimeout(() => {
      this.resyncTimer = undefined;
      if (this.stopped) return;
      void this.sync();
      this.listener.event({ name: 'room:resync', payload: {} });
    }, Math.random() * spread);
  }

  private scheduleRetry(ms: number) {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      if (!this.stopped && !this.socket.connected) this.socket.connect();
    }, ms);
  }

  private restart() {
    if (this.stopped) return;
    this.listener.status('reconnecting', null);
    this.socket.disconnect();
    this.socket.connect();
  }

  /**
   * Phones suspend background tabs and their sockets. When the page is shown again, or the
   * network returns, reconnect straight away (skipping back-off) and re-read the room.
   */
  private readonly onWake = () => {
    if (this.stopped || document.visibilityState === 'hidden') return;
    if (this.refused) return;
    if (this.socket.connected) {
      void this.sync(WAKE_PROBE_TIMEOUT_MS);
      return;
    }
    clearTimeout(this.retryTimer);
    // disconnect() resets the manager's back-off so connect() tries now, not in five seconds.
    this.socket.disconnect();
    this.socket.connect();
  };
}
