import { useEffect, useMemo, useRef } from 'react';
import type { ProblemBody } from '../../lib/api.ts';
import type { Delivery } from '../../lib/outbox.ts';
import { useOutbox } from '../../lib/useOutbox.ts';
import type { Room } from '../../lib/useRoom.ts';
import { opQueue } from './opQueue.ts';

type Handlers<Op, R> = {
  send: (op: Op) => Promise<Delivery<R>>;
  onDone: (op: Op, data: R) => void;
  onRefused: (op: Op, problem: ProblemBody) => void;
};

/** A queue of votes for one screen, sent whenever they may land (see useOutbox). */
export function useOpQueue<Op extends { id: string }, R>(
  room: Pick<Room, 'connection' | 'database'>,
  handlers: Handlers<Op, R>,
) {
  const ref = useRef(handlers);
  useEffect(() => {
    ref.current = handlers;
  });
  const queue = useMemo(
    () =>
      opQueue<Op, R>({
        send: (op) => ref.current.send(op),
        onDone: (op, data) => ref.current.onDone(op, data),
        onRefused: (op, problem) => ref.current.onRefused(op, problem),
      }),
    [],
  );
  const { entries: ops, waiting } = useOutbox(queue, room);
  return { queue, ops, waiting };
}
