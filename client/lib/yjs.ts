import { useCallback, useEffect, useState } from 'react';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { TABLECLOTH_TEXT } from '../../shared/domain/cafe.ts';
import {
  BoardMetaSchema,
  PublicNoteSchema,
  ThemeSchema,
  boardDocName,
  type BoardMeta,
  type PublicNote,
  type Theme,
} from '../../shared/domain/board.ts';

/**
 * The only module that opens Yjs documents. A board's public content (settings, themes, the notes
 * everyone may see) is a Yjs document the server writes; this module reads it and nothing else.
 * Residents' connections are read-only on the server, and the client never writes either: every
 * change is a Socket.IO command (client/lib/socket.ts), so the database stays the authority.
 *
 * The World Café's tablecloths are the exception (CAFE11): a small seated group co-writes one
 * shared text per table per round, so those documents are written from here (useTablecloth).
 */

/** How a connection proves who it is: a phone's device token, a projector's join code, or the
 * facilitator's session cookie (sent by the browser itself). */
export type BoardDocAuth = { token: string } | { code: string } | { session: true };

export type BoardDocStatus = 'connecting' | 'connected' | 'disconnected';

export type BoardDoc = {
  /** Null until the first sync brought the board's settings. */
  meta: BoardMeta | null;
  /** Sorted by position, then name. */
  themes: Theme[];
  /** Sorted by theme (unsorted first), position, then time written. */
  notes: PublicNote[];
  /** How many notes have come in, private ones included (their words are not here). */
  submitted: number;
  status: BoardDocStatus;
  /** True once the server's copy has been received on the current connection. */
  synced: boolean;
};

const empty: BoardDoc = {
  meta: null,
  themes: [],
  notes: [],
  submitted: 0,
  status: 'connecting',
  synced: false,
};

/** Several updates arriving together (a reveal, a burst of notes) re-render the page once. */
const RENDER_DELAY_MS = 40;
/** The server sends something at least this often; a quieter socket after a wake-up is dead. */
const SILENT_AFTER_MS = 20_000;

/** Unsorted notes come first, then themes in the order the facilitator set. */
export function compareNotes(a: PublicNote, b: PublicNote): number {
  if (a.themeId !== b.themeId) {
    if (a.themeId === null) return -1;
    if (b.themeId === null) return 1;
    return a.themeId < b.themeId ? -1 : 1;
  }
  if (a.position !== b.position) return a.position - b.position;
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function compareThemes(a: Theme, b: Theme): number {
  if (a.position !== b.position) return a.position - b.position;
  return a.name.localeCompare(b.name);
}

// Values in the maps are replaced, never changed in place, so a parsed value can be reused for as
// long as the same object is in the map: a board of 500 notes is not parsed again for each note.
const parsedNotes = new WeakMap<object, PublicNote | null>();
const parsedThemes = new WeakMap<object, Theme | null>();

function parseCached<T>(
  cache: WeakMap<object, T | null>,
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } },
  value: unknown,
): T | null {
  if (typeof value !== 'object' || value === null) return null;
  const hit = cache.get(value);
  if (hit !== undefined) return hit;
  const parsed = schema.safeParse(value);
  const result = parsed.success ? parsed.data : null;
  if (!result) console.warn('Ignoring a malformed entry in the board document');
  cache.set(value, result);
  return result;
}

function readDoc(doc: Y.Doc): Pick<BoardDoc, 'meta' | 'themes' | 'notes' | 'submitted'> {
  const metaMap = doc.getMap<unknown>('meta');
  const meta = metaMap.size > 0 ? BoardMetaSchema.safeParse(metaMap.toJSON()) : null;
  const themes: Theme[] = [];
  for (const value of doc.getMap<unknown>('themes').values()) {
    const theme = parseCached(parsedThemes, ThemeSchema, value);
    if (theme) themes.push(theme);
  }
  const notes: PublicNote[] = [];
  for (const value of doc.getMap<unknown>('notes').values()) {
    const note = parseCached(parsedNotes, PublicNoteSchema, value);
    if (note) notes.push(note);
  }
  const submitted = doc.getMap<unknown>('tally').get('notes');
  return {
    submitted: typeof submitted === 'number' && Number.isInteger(submitted) ? submitted : 0,
    meta: meta?.success ? meta.data : null,
    themes: themes.sort(compareThemes),
    notes: notes.sort(compareNotes),
  };
}

function serverUrl(): string {
  const protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${protocol}//${window.location.host}/yjs`;
}

function paramsOf(auth: BoardDocAuth): Record<string, string> {
  return 'token' in auth ? { token: auth.token } : 'code' in auth ? { code: auth.code } : {};
}

/**
 * A phone that slept may hold a socket that died under it; y-websocket notices only after 30 s of
 * silence. When the page is shown again or the network returns, check at once. Returns the undo.
 */
function reconnectOnWake(provider: WebsocketProvider): () => void {
  const reconnect = () => {
    // A connection the server ended for good (no access left) stays ended.
    if (!provider.shouldConnect) return;
    provider.disconnect();
    provider.connect();
  };
  const onWake = () => {
    if (document.visibilityState === 'hidden') return;
    const silentFor = Date.now() - provider.wsLastMessageReceived;
    if (provider.wsconnected && silentFor < SILENT_AFTER_MS) return;
    reconnect();
  };
  // The network came back: a socket opened before it went is rarely still good.
  const onOnline = () => reconnect();
  document.addEventListener('visibilitychange', onWake);
  window.addEventListener('online', onOnline);
  return () => {
    document.removeEventListener('visibilitychange', onWake);
    window.removeEventListener('online', onOnline);
  };
}

/**
 * Reads one board's document for as long as the component is mounted; `activityId` null means
 * "no board". Re-renders from plain, sorted arrays whenever the server changes the document.
 */
export function useBoardDoc(activityId: string | null, auth: BoardDocAuth): BoardDoc {
  const authKey = JSON.stringify(auth);
  const key = activityId ? `${activityId} ${authKey}` : null;
  const [state, setState] = useState<BoardDoc & { key: string | null }>({ ...empty, key });

  // Another board (or another person) is another document: never show the last one meanwhile.
  if (state.key !== key) setState({ ...empty, key });

  useEffect(() => {
    if (!key || !activityId) return;
    const params = paramsOf(JSON.parse(authKey) as BoardDocAuth);
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(serverUrl(), boardDocName(activityId), doc, {
      params,
      // Other tabs of this browser may be other people's views (a projector beside the console);
      // each tab hears the board from the server only.
      disableBc: true,
      maxBackoffTime: 5000,
    });
    // Nobody's cursor or presence goes over this connection.
    provider.awareness.setLocalState(null);

    let timer: ReturnType<typeof setTimeout> | undefined;
    const update = (patch: Partial<BoardDoc>) =>
      setState((prev) => (prev.key === key ? { ...prev, ...patch } : prev));
    const render = () => {
      timer = undefined;
      update(readDoc(doc));
    };
    const schedule = () => {
      if (timer === undefined) timer = setTimeout(render, RENDER_DELAY_MS);
    };
    const maps = ['meta', 'themes', 'notes', 'tally'].map((name) => doc.getMap<unknown>(name));
    for (const map of maps) map.observe(schedule);

    const onStatus = ({ status }: { status: BoardDocStatus }) =>
      update(status === 'connected' ? { status } : { status, synced: false });
    const onSync = (synced: boolean) => {
      update({ synced });
      if (synced) render();
    };
    provider.on('status', onStatus);
    provider.on('sync', onSync);

    const stopWatching = reconnectOnWake(provider);

    return () => {
      clearTimeout(timer);
      stopWatching();
      for (const map of maps) map.unobserve(schedule);
      provider.off('status', onStatus);
      provider.off('sync', onSync);
      provider.destroy();
      doc.destroy();
    };
  }, [key, activityId, authKey]);

  return state;
}

// ------------------------------------------------------------------ café tablecloths

export type TableclothStatus = 'connecting' | 'connected' | 'disconnected' | 'closed';

/** One step of a Y.Text delta (see client/features/cafe/textDiff.ts). */
export type TextDeltaOp = { retain?: number; insert?: string | object; delete?: number };

export type TableclothDoc = {
  /** The shared text as it now is. */
  text: string;
  /** 'closed' when the server ended the connection for good (4403: no access left). */
  status: TableclothStatus;
  /** True once the server's copy has been received on the current connection. */
  synced: boolean;
  /**
   * Whether typing here reaches the others: write access asked for, the server's copy received
   * once, and not closed. Typing while the signal is gone is kept and sent on reconnection.
   */
  editable: boolean;
  /** Replaces `remove` characters at `index` with `insert`, in one transaction. */
  apply: (index: number, remove: number, insert: string) => void;
  /** The text right now (the state above lags by one render). */
  read: () => string;
  /** Hears everyone else's edits, as the delta and the text after it; returns the undo. */
  onRemote: (listener: (delta: readonly TextDeltaOp[], text: string) => void) => () => void;
};

type TableclothShared = Pick<TableclothDoc, 'text' | 'status' | 'synced'> & { loaded: boolean };

const fresh: TableclothShared = { text: '', status: 'connecting', synced: false, loaded: false };

const noRemote = () => () => undefined;

/**
 * One tablecloth (a table's shared notes in one round) for as long as the component is mounted;
 * `docName` null means none. The server decides who may write (the people seated at the table in
 * the round that runs); `readOnly` says what this person expects, so the page does not offer a
 * text box whose words would be dropped. When who-may-write changes the server closes the
 * connection with 4000 and y-websocket reconnects with the new access; with 4403 it is over.
 */
export function useTablecloth(
  docName: string | null,
  auth: BoardDocAuth,
  opts: { readOnly: boolean },
): TableclothDoc {
  const authKey = JSON.stringify(auth);
  const key = docName ? `${docName} ${authKey}` : null;
  const [state, setState] = useState<TableclothShared & { key: string | null }>({
    ...fresh,
    key,
  });
  const [handle, setHandle] = useState<{
    key: string;
    text: Y.Text;
    listeners: Set<(delta: readonly TextDeltaOp[], text: string) => void>;
  } | null>(null);

  if (state.key !== key) setState({ ...fresh, key });

  useEffect(() => {
    if (!key || !docName) return;
    const doc = new Y.Doc();
    const ytext = doc.getText(TABLECLOTH_TEXT);
    const provider = new WebsocketProvider(serverUrl(), docName, doc, {
      params: paramsOf(JSON.parse(authKey) as BoardDocAuth),
      disableBc: true,
      maxBackoffTime: 5000,
    });
    // No cursors or names over this connection: the text is all that is shared.
    provider.awareness.setLocalState(null);
    const listeners = new Set<(delta: readonly TextDeltaOp[], text: string) => void>();
    setHandle({ key, text: ytext, listeners });

    const update = (patch: Partial<TableclothShared>) =>
      setState((prev) => (prev.key === key ? { ...prev, ...patch } : prev));
    const onText = (event: Y.YTextEvent) => {
      const now = ytext.toString();
      if (!event.transaction.local) {
        for (const listener of [...listeners]) listener(event.delta as TextDeltaOp[], now);
      }
      update({ text: now });
    };
    ytext.observe(onText);
    let closed = false;
    const onStatus = ({ status }: { status: 'connecting' | 'connected' | 'disconnected' }) => {
      if (closed) return;
      update(status === 'connected' ? { status } : { status, synced: false });
    };
    const onSync = (synced: boolean) =>
      update(synced ? { synced, loaded: true, text: ytext.toString() } : { synced });
    const onClosed = () => {
      closed = true;
      update({ status: 'closed', synced: false });
    };
    provider.on('status', onStatus);
    provider.on('sync', onSync);
    provider.on('closed', onClosed);
    const stopWatching = reconnectOnWake(provider);

    return () => {
      stopWatching();
      ytext.unobserve(onText);
      provider.off('status', onStatus);
      provider.off('sync', onSync);
      provider.off('closed', onClosed);
      provider.destroy();
      doc.destroy();
      setHandle((prev) => (prev?.key === key ? null : prev));
    };
  }, [key, docName, authKey]);

  const live = handle && handle.key === key ? handle : null;
  const apply = useCallback(
    (index: number, remove: number, insert: string) => {
      const ytext = live?.text;
      if (!ytext?.doc) return;
      ytext.doc.transact(() => {
        if (remove > 0) ytext.delete(index, remove);
        if (insert) ytext.insert(index, insert);
      });
    },
    [live],
  );
  const read = useCallback(() => live?.text.toString() ?? '', [live]);
  const onRemote = useCallback(
    (listener: (delta: readonly TextDeltaOp[], text: string) => void) => {
      if (!live) return noRemote();
      live.listeners.add(listener);
      return () => {
        live.listeners.delete(listener);
      };
    },
    [live],
  );

  const current = state.key === key ? state : fresh;
  return {
    text: current.text,
    status: current.status,
    synced: current.synced,
    editable: !opts.readOnly && current.loaded && current.status !== 'closed' && live !== null,
    apply,
    read,
    onRemote,
  };
}
