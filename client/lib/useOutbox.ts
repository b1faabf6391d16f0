import { useEffect, useSyncExternalStore } from 'react';
import type { Entry, Outbox, OutboxSnapshot } from './outbox.ts';
import type { Room } from './useRoom.ts';

/**
 * Runs an outbox while the component is shown, and sends what waits whenever it may now land:
 * the live connection is (back) up, the server says its database is back (DUR3), the browser says
 * the network returned, or the page is shown again. Not at the next back-off step: a note or a
 * vote made in a dead spot or during an outage goes, with its id, as soon as it can.
 */
export function useOutbox<P extends { id: string }, R>(
  outbox: Outbox<P, R>,
  room: Pick<Room, 'connection' | 'database'>,
): OutboxSnapshot<Entry<P>> {
  useEffect(() => {
    outbox.start();
    return () => outbox.stop();
  }, [outbox]);

  const ready = room.connection === 'connected' && room.database === 'ok';
  useEffect(() => {
    if (ready) void outbox.flush();
  }, [ready, outbox]);

  useEffect(() => {
    const wake = () => {
      if (document.visibilityState !== 'hidden') void outbox.flush();
    };
    window.addEventListener('online', wake);
    document.addEventListener('visibilitychange', wake);
    return () => {
      window.removeEventListener('online', wake);
      document.removeEventListener('visibilitychange', wake);
    };
  }, [outbox]);

  return useSyncExternalStore(outbox.subscribe, outbox.snapshot);
}
