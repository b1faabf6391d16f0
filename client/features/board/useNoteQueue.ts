import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { OwnNote } from '../../../shared/domain/board.ts';
import type { Room } from '../../lib/useRoom.ts';
import { useOutbox } from '../../lib/useOutbox.ts';
import {
  noteQueue,
  queueKey,
  type NoteDraft,
  type QueuedNote,
  type StorageLike,
} from './noteQueue.ts';

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
  /** Keeps a new note (stored at once) and starts sending it. */
  add: (input: Omit<NoteDraft, 'createdAt'>) => QueuedNote;
  retry: (id: string) => void;
  remove: (id: string) => void;
  /** Hears each note the server confirms or refuses; returns the unsubscribe function. */
  listen: (listener: (event: QueueEvent) => void) => () => void;
};

/**
 * The phone's queue of notes on their way to the server, for one participant. It lives as long as the participant's page, not only while a board is shown, so
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
      noteQueue({
        storage: browserStorage(),
        key: queueKey(participantId),
        send: (note) =>
          sendRef.current('note:add', {
            id: note.id,
            activityId: note.activityId,
            text: note.text,
            showName: note.showName,
          }),
        onSaved: (note, queued) => tell({ kind: 'saved', note, queued }),
        onFailed: (queued) => tell({ kind: 'failed', queued }),
      }),
    [participantId],
  );
  const { entries: notes } = useOutbox(queue, room);
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
      add: (input) => queue.add({ ...input, createdAt: new Date().toISOString() }),
      retry: (id) => queue.retry(id),
      remove: (id) => queue.remove(id),
      listen,
    }),
    [notes, queue, listen],
  );
}
