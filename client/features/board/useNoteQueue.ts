import { useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
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

export type NoteQueueHandle = {
  notes: readonly QueuedNote[];
  add: NoteQueue['add'];
  retry: (id: string) => void;
  remove: (id: string) => void;
};

/**
 * The phone's queue of notes on their way to the server, for one participant. Sends whenever the
 * live connection is (back) up, when the browser says the network returned, and when the page is
 * shown again. `handlers` hear each note the server confirms or refuses.
 */
export function useNoteQueue(
  participantId: string,
  room: Pick<Room, 'send' | 'connection'>,
  handlers: {
    onSaved: (note: OwnNote, queued: QueuedNote) => void;
    onFailed: (queued: QueuedNote) => void;
  },
): NoteQueueHandle {
  const sendRef = useRef(room.send);
  const handlersRef = useRef(handlers);
  useEffect(() => {
    sendRef.current = room.send;
    handlersRef.current = handlers;
  });

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
        onSaved: (note, queued) => handlersRef.current.onSaved(note, queued),
        onFailed: (queued) => handlersRef.current.onFailed(queued),
      }),
    [participantId],
  );
  useEffect(() => {
    queue.start();
    return () => queue.stop();
  }, [queue]);

  const connected = room.connection === 'connected';
  useEffect(() => {
    if (connected) void queue.flush();
  }, [connected, queue]);

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
  return useMemo(
    () => ({
      notes,
      add: (input) => queue.add(input),
      retry: (id) => queue.retry(id),
      remove: (id) => queue.remove(id),
    }),
    [notes, queue],
  );
}
