import { useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import type { ProblemBody } from '../../lib/api.ts';
import type { Room } from '../../lib/useRoom.ts';
import { OpQueue, type SendOutcome } from './opQueue.ts';

type Handlers<Op, R> = {
  send: (op: Op) => Promise<SendOutcome<R>>;
  onDone: (op: Op, data: R) => void;
  onRefused: (op: Op, problem: ProblemBody) => void;
};

/**
 * A queue of votes for one screen: flushed whenever the live connection is (back) up, when the
 * server says its database is back (DUR3), and when the phone wakes, so a vote pressed in a dead
 * spot or during an outage is sent, with its id, once it can land.
 */
export function useOpQueue<Op extends { opId: string }, R>(
  room: Pick<Room, 'connection' | 'database'>,
  handlers: Handlers<Op, R>,
) {
  const ref = useRef(handlers);
  useEffect(() => {
    ref.current = handlers;
  });
  const queue = useMemo(
    () =>
      new OpQueue<Op, R>({
        send: (op) => ref.current.send(op),
        onDone: (op, data) => ref.current.onDone(op, data),
        onRefused: (op, problem) => ref.current.onRefused(op, problem),
      }),
    [],
  );
  useEffect(() => {
    queue.start();
    return () => queue.stop();
  }, [queue]);

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

  const snapshot = useSyncExternalStore(queue.subscribe, queue.snapshot);
  return { queue, ...snapshot };
}
