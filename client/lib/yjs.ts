import { useEffect, useState } from 'react';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
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
  status: BoardDocStatus;
  /** True once the server's copy has been received on the current connection. */
  synced: boolean;
};

const empty: BoardDoc = { meta: null, themes: [], notes: [], status: 'connecting', synced: false };

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

function readDoc(doc: Y.Doc): Pick<BoardDoc, 'meta' | 'themes' | 'notes'> {
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
  return {
    meta: meta?.success ? meta.data : null,
    themes: themes.sort(compareThemes),
    notes: notes.sort(compareNotes),
  };
}

function serverUrl(): string {
  const protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${protocol}//${window.location.host}/yjs`;
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
    const parsedAuth = JSON.parse(authKey) as BoardDocAuth;
    const params: Record<string, string> =
      'token' in parsedAuth
        ? { token: parsedAuth.token }
        : 'code' in parsedAuth
          ? { code: parsedAuth.code }
          : {};
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
    const maps = ['meta', 'themes', 'notes'].map((name) => doc.getMap<unknown>(name));
    for (const map of maps) map.observe(schedule);

    const onStatus = ({ status }: { status: BoardDocStatus }) =>
      update(status === 'connected' ? { status } : { status, synced: false });
    const onSync = (synced: boolean) => {
      update({ synced });
      if (synced) render();
    };
    provider.on('status', onStatus);
    provider.on('sync', onSync);

    // A phone that slept may hold a socket that died under it; y-websocket notices only after
    // 30 s of silence. When the page is shown again or the network returns, check at once.
    const reconnect = () => {
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
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onWake);
      window.removeEventListener('online', onOnline);
      for (const map of maps) map.unobserve(schedule);
      provider.off('status', onStatus);
      provider.off('sync', onSync);
      provider.destroy();
      doc.destroy();
    };
  }, [key, activityId, authKey]);

  return state;
}
