import { useCallback, useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import type { OwnNote } from '../../../shared/domain/board.ts';
import type { Room } from '../../lib/useRoom.ts';
import { NoteQueue, queueKey, type QueuedNote, type StorageLike } from './noteQueue.ts';

function browserStorage(): StorageLike | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export type QueueEvent =
  { kind: 'saved'; note: OwnNote; queued: QueuedNote } | { kind: 'failed'; queued: QueuedNote };

export type NoteQueueHandle = {
  notes: readonly QueuedNote[];
  add: NoteQueue['add'];
  retry: (id: string) => void;
  remove: (id: string) => void;
  /** Hears each note the server confirms or refuses; returns the unsubscribe function. */
  listen: (listener: (event: QueueEvent) => void) => () => void;
};

/**
 * The phone's queue of notes on their way to the server, for one participant. Sends whenever the
 * live connection is (back) up, when the browser says the network returned, and when the page is
 * shown again. It lives as long as the participant's page, not only while a board is shown, so
 * a note written just before the room moved on is still sent (or its refusal kept to show).
 */
export function useNoteQueue(
  participantId: string,
  room: Pick<Room, 'send' | 'connection' | 'database'>,
): NoteQueueHandle {
  const sendRef = useRef(room.send);
  useEffect(() => {
    sendRef.current = room.send;
  });
  const listenersRef = useRef(new Set<(event: QueueEvent) => void>());
  const tell = (event: QueueEvent) => {
    for (const listener of [...listenersRef.current]) listener(event);
  };

  const queue = useMemo(
    () =>
      new NoteQueue({
        storage: browserStorage(),
        key: queueKey(participantId),
        send: async (note) => {
          const result = await sendRef.current('note:add', {
            id: note.id,
            activityId: note.activityId,
            text: note.text,
            showName: note.showName,
          });
          return result.ok ? { ok: true, note: result.data } : result;
        },
        onSaved: (note, queued) => tell({ kind: 'saved', note, queued }),
        onFailed: (queued) => tell({ kind: 'failed', queued }),
      }),
    [participantId],
  );
  useEffect(() => {
    queue.start();
    return () => queue.stop();
  }, [queue]);

  // Back online, or the server's database back (DUR3): send what waits now, not at the next
  // back-off step.
  const ready = room.connection === 'connected' && room.database === 'ok';
  useEffect(() => {
    if (ready) void queue.flush();
  }, [ready, queue]);

  useEffect(() => {
    const wake = () => {
      if (document.visibilityState !== 'hidden') void queue.flush();
    };
    window.addEventListener('online', wake);
    document.addEventListener('visibilitychange', wake);
    return () => {
      window.removeEventListener('online', wake);
      document.removeEventListener('visibilitychange', wake);
    };
  }, [queue]);

  const notes = useSyncExternalStore(queue.subscribe, queue.snapshot);
  const listen = useCallback((listener: (event: QueueEvent) => void) => {
    const listeners = listenersRef.current;
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }, []);
  return useMemo(
    () => ({
      notes,
      add: (input) => queue.add(input),
      retry: (id) => queue.retry(id),
      remove: (id) => queue.remove(id),
      listen,
    }),
    [notes, queue, listen],
  );
}
