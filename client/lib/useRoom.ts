import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { RoomState } from '../../shared/domain/workshop.ts';
import type {
  CommandName,
  CommandRequest,
  ConnectRefusal,
  Presence,
  Roster,
  Self,
  ServerHealth,
} from '../../shared/protocol/socket.ts';
import type {
  CommandOutcome,
  ConnectionStatus,
  RoomAuth,
  RoomClient,
  RoomEvent,
} from './socket.ts';

/**
 * The live connection's code (Socket.IO and the protocol's schemas) is its own chunk: a phone
 * needs it only once it has joined, so the join form does not wait for it (LIGHT11). The form
 * asks for it as the person taps Join, beside the join itself.
 */
export const loadRoomClient = () => import('./socket.ts');

/** Waits between asks for the live connection's code after one failed; the last repeats. */
const IMPORT_RETRY_MS = [1000, 2000, 4000, 8000, 15_000];

export type Room = {
  state: RoomState | null;
  presence: Presence | null;
  roster: Roster | null;
  self: Self | null;
  connection: ConnectionStatus;
  /** Whether the server can reach its database, as it last said (DUR3, DUR4). */
  database: ServerHealth['database'];
  /** With several server nodes: whether they reach each other now (SCALE5). */
  link: NonNullable<ServerHealth['link']>;
  refusal: ConnectRefusal | null;
  send: <K extends CommandName>(name: K, payload: CommandRequest<K>) => Promise<CommandOutcome<K>>;
  /**
   * Hears every event the server pushes, parsed, including those the room itself does not keep
   * (a board's `note:mine` and `note:changed`). Returns the unsubscribe function.
   */
  subscribe: (listener: (event: RoomEvent) => void) => () => void;
};

type Snapshot = Omit<Room, 'send' | 'subscribe'>;

const initial: Snapshot = {
  state: null,
  presence: null,
  roster: null,
  self: null,
  connection: 'connecting',
  database: 'ok',
  link: 'ok',
  refusal: null,
};

/** Commands whose answer is the room as it now is. */
const stateCommands: ReadonlySet<CommandName> = new Set([
  'room:sync',
  'workshop:open',
  'workshop:close',
  'activity:goto',
]);

function reduce(prev: Snapshot, event: RoomEvent): Snapshot {
  switch (event.name) {
    case 'room:state':
      // Snapshots can overtake each other (an ack and a broadcast); the newest revision wins.
      if (prev.state && event.payload.rev < prev.state.rev) return prev;
      return { ...prev, state: event.payload };
    case 'participant:self':
      return { ...prev, self: event.payload };
    case 'presence:changed':
      return { ...prev, presence: event.payload };
    case 'roster:changed':
      return { ...prev, roster: event.payload };
    case 'server:health':
      return {
        ...prev,
        database: event.payload.database,
        link: event.payload.link ?? 'ok',
      };
    default:
      // Events for activities (boards, votes) belong to the views that show them.
      return prev;
  }
}

/**
 * One live connection to a workshop room for as long as the component is mounted. `auth` null
 * means "not yet": nothing connects until the caller knows who it is.
 */
export function useRoom(auth: RoomAuth | null): Room {
  const key = auth ? JSON.stringify(auth) : null;
  const [snapshot, setSnapshot] = useState<Snapshot & { key: string | null }>({
    ...initial,
    key,
  });
  const clientRef = useRef<RoomClient | null>(null);
  const listenersRef = useRef(new Set<(event: RoomEvent) => void>());

  // A different auth is a different room: never show the previous one's state meanwhile.
  if (snapshot.key !== key) setSnapshot({ ...initial, key });

  // Started as soon as the component is in the page, before the browser paints it and runs the
  // ordinary effects: on a slow phone that frame is a few hundred milliseconds the handshake
  // can already be travelling in (LIGHT9).
  useLayoutEffect(() => {
    if (!key) return;
    const parsedAuth = JSON.parse(key) as RoomAuth;
    let stopped = false;
    let client: RoomClient | null = null;
    let attempt = 0;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let loading = false;
    const load = () => {
      if (stopped || client || loading) return;
      clearTimeout(retryTimer);
      loading = true;
      // Usually on its way already: the join form asked for it beside the join (LIGHT11).
      loadRoomClient().then(
        ({ RoomClient }) => {
          loading = false;
          if (stopped) return;
          client = new RoomClient(parsedAuth, {
            status: (connection, refusal) =>
              setSnapshot((prev) => (prev.key === key ? { ...prev, connection, refusal } : prev)),
            event: (event) => {
              setSnapshot((prev) => (prev.key === key ? { ...reduce(prev, event), key } : prev));
              for (const listener of [...listenersRef.current]) listener(event);
            },
          });
          clientRef.current = client;
          client.start();
        },
        () => {
          // A first-time phone that lost its signal before this chunk arrived. The browser
          // fetches a failed module again on the next import, so keep asking (at once when the
          // network says it is back) rather than leave the phone "Connecting…" until a reload.
          loading = false;
          if (stopped) return;
          retryTimer = setTimeout(
            load,
            IMPORT_RETRY_MS[Math.min(attempt, IMPORT_RETRY_MS.length - 1)],
          );
          attempt += 1;
        },
      );
    };
    window.addEventListener('online', load);
    load();
    return () => {
      stopped = true;
      clearTimeout(retryTimer);
      window.removeEventListener('online', load);
      client?.stop();
      if (client && clientRef.current === client) clientRef.current = null;
    };
  }, [key]);

  const send = useCallback(
    async <K extends CommandName>(
      name: K,
      payload: CommandRequest<K>,
    ): Promise<CommandOutcome<K>> => {
      const client = clientRef.current;
      if (!client) return { ok: false, error: { code: 'OFFLINE', message: 'Not connected' } };
      const outcome = await client.send(name, payload);
      if (outcome.ok && stateCommands.has(name)) {
        const state = outcome.data as RoomState;
        setSnapshot((prev) =>
          prev.key === key
            ? { ...reduce(prev, { name: 'room:state', payload: state }), key }
            : prev,
        );
      }
      if (outcome.ok && name === 'participant:update') {
        const self = outcome.data as Self;
        setSnapshot((prev) => (prev.key === key ? { ...prev, self } : prev));
      }
      return outcome;
    },
    [key],
  );

  const subscribe = useCallback((listener: (event: RoomEvent) => void) => {
    const listeners = listenersRef.current;
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }, []);

  return useMemo(
    () => ({
      state: snapshot.state,
      presence: snapshot.presence,
      roster: snapshot.roster,
      self: snapshot.self,
      connection: snapshot.connection,
      database: snapshot.database,
      link: snapshot.link,
      refusal: snapshot.refusal,
      send,
      subscribe,
    }),
    [snapshot, send, subscribe],
  );
}
