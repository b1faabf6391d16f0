import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { BoardMeta, OwnNote, Theme } from '../../../shared/domain/board.ts';
import type { ProblemBody } from '../../lib/api.ts';
import type { Room } from '../../lib/useRoom.ts';

export type BoardNotes = {
  /** Every note the sender may see with its moderation state, in no particular order. */
  notes: OwnNote[];
  /** Settings and themes as `board:get` last returned them (the document has the live ones). */
  meta: BoardMeta | null;
  themes: Theme[];
  loaded: boolean;
  problem: ProblemBody | null;
  /** Puts a note the server returned (a command's answer) in place at once. */
  apply: (note: OwnNote) => void;
  refresh: () => Promise<void>;
};

/**
 * The notes behind a board that the public document does not carry: a participant's own notes
 * (with "hidden", "withdrawn", "merged") or, for a facilitator, all notes including private and
 * hidden ones. Read with `board:get` whenever the connection comes up, then kept current from the
 * pushed `event` (`note:mine` or `note:changed`).
 *
 * Pushed notes do not say which board they belong to. A note this board does not know yet is
 * taken as its own when the workshop has one board (`singleBoard`); otherwise the board is read
 * again shortly, which sorts it out.
 */
export function useBoardNotes(
  room: Pick<Room, 'send' | 'subscribe' | 'connection'>,
  activityId: string,
  event: 'note:mine' | 'note:changed',
  singleBoard: boolean,
): BoardNotes {
  const { send, subscribe, connection } = room;
  const notesRef = useRef(new Map<string, OwnNote>());
  const [version, setVersion] = useState(0);
  const [view, setView] = useState<{ meta: BoardMeta; themes: Theme[] } | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [problem, setProblem] = useState<ProblemBody | null>(null);
  // Notes pushed while a read is on its way: the read may predate them, so they are applied again.
  const pendingRef = useRef<OwnNote[] | null>(null);
  const refreshTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const refresh = useCallback(async () => {
    const buffer: OwnNote[] = [];
    pendingRef.current = buffer;
    const result = await send('board:get', { activityId });
    // A newer read started meanwhile: it has everything this one has.
    if (pendingRef.current !== buffer) return;
    pendingRef.current = null;
    if (!result.ok) {
      setProblem(result.error);
      return;
    }
    const map = new Map(result.data.notes.map((n) => [n.id, n]));
    for (const note of buffer) map.set(note.id, note);
    notesRef.current = map;
    setView({ meta: result.data.meta, themes: result.data.themes });
    setProblem(null);
    setLoaded(true);
    setVersion((v) => v + 1);
  }, [send, activityId]);

  const apply = useCallback((note: OwnNote) => {
    pendingRef.current?.push(note);
    notesRef.current = new Map(notesRef.current).set(note.id, note);
    setVersion((v) => v + 1);
  }, []);

  useEffect(() => {
    return subscribe((e) => {
      // The server's nodes lost each other for a while: pushes may have been missed (SCALE5).
      if (e.name === 'room:resync') {
        void refresh();
        return;
      }
      if (e.name !== event) return;
      const note = e.payload;
      if (notesRef.current.has(note.id) || singleBoard) {
        apply(note);
        return;
      }
      // One read covers every unknown note pushed meanwhile, even in a steady stream.
      if (refreshTimer.current !== undefined) return;
      refreshTimer.current = setTimeout(() => {
        refreshTimer.current = undefined;
        void refresh();
      }, 300);
    });
  }, [subscribe, event, singleBoard, apply, refresh]);

  useEffect(() => () => clearTimeout(refreshTimer.current), []);

  // On mount and after every reconnect: what was pushed while offline was missed.
  useEffect(() => {
    if (connection === 'connected') void refresh();
  }, [connection, refresh]);

  const notes = useMemo(
    () => [...notesRef.current.values()],
    // `version` stands for the contents of notesRef.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [version],
  );

  return {
    notes,
    meta: view?.meta ?? null,
    themes: view?.themes ?? [],
    loaded,
    problem,
    apply,
    refresh,
  };
}
