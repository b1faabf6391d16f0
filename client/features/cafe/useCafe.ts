import { useCallback, useEffect, useRef, useState } from 'react';
import type { CafeSeat, CafeState, CafeTable } from '../../../shared/domain/cafe.ts';
import type { CafeMine, Tablecloth } from '../../../shared/protocol/cafe.ts';
import type { ProblemBody } from '../../lib/api.ts';
import type { Room } from '../../lib/useRoom.ts';

export type CafeRoom = Pick<Room, 'send' | 'subscribe' | 'connection'>;

/** Where this person sits in the round under way, with the table as the room now knows it. */
export type Seat = CafeSeat & { table: CafeTable };

export type CafeHandle = {
  state: CafeState | null;
  /** Participants only: their seat, offers and history as the server last said. */
  mine: CafeMine | null;
  /** Null before the café runs, after it, and while a seat for this round is still coming. */
  seat: Seat | null;
  problem: ProblemBody | null;
  refresh: () => Promise<void>;
  /** The server's answer to the person's own change (volunteer, attend). */
  applyMine: (mine: CafeMine) => void;
};

type PushedSeat = CafeSeat & { table?: CafeTable };

const running = (state: CafeState | null) =>
  state?.phase === 'moving' || state?.phase === 'talking' || state?.phase === 'paused';

/** A hall of phones hears a new round at once; each gives its own seat push this long to come. */
const SEAT_GRACE_MS = 1500;
const SEAT_SPREAD_MS = 1000;
/** Someone without a seat while the café runs (joined late) asks again this often. */
const SEATLESS_RETRY_MS = 5000;

/**
 * One café as this phone or projector may see it (CAFE4, CAFE5). Read with `cafe:get` when the
 * connection comes up, after a wake-up and when a round begins without this person's seat having
 * been pushed; kept current from `cafe:changed` (older versions ignored, they can overtake each
 * other) and `cafe:seat`. For a participant `cafe:get` also seats someone who arrived late.
 */
export function useCafe(room: CafeRoom, activityId: string, role: 'participant' | 'screen') {
  const { send, subscribe, connection } = room;
  const [state, setState] = useState<CafeState | null>(null);
  const [mine, setMine] = useState<CafeMine | null>(null);
  const [pushed, setPushed] = useState<PushedSeat | null>(null);
  const [problem, setProblem] = useState<ProblemBody | null>(null);
  const fetches = useRef(0);
  const seatPushes = useRef(0);
  const stateRef = useRef<CafeState | null>(null);
  const pushedRef = useRef<PushedSeat | null>(null);
  useEffect(() => {
    stateRef.current = state;
    pushedRef.current = pushed;
  });

  const takeState = useCallback((next: CafeState) => {
    setState((prev) => (prev && prev.version > next.version ? prev : next));
  }, []);

  const refresh = useCallback(async () => {
    const seq = ++fetches.current;
    const pushesBefore = seatPushes.current;
    const result = await send('cafe:get', { activityId });
    if (seq !== fetches.current) return;
    if (!result.ok) {
      setProblem(result.error);
      return;
    }
    setProblem(null);
    takeState(result.data.state);
    if (result.data.mine) {
      const fetched = result.data.mine;
      setMine(fetched);
      // A seat pushed while this read was on its way is at least as new as the read.
      if (seatPushes.current === pushesBefore) setPushed(fetched.seat);
    }
  }, [send, activityId, takeState]);

  const applyMine = useCallback((next: CafeMine) => setMine(next), []);

  // On mount and after every reconnect: whatever was pushed meanwhile was missed.
  const connected = connection === 'connected';
  useEffect(() => {
    if (connected) void refresh();
  }, [connected, refresh]);

  // A phone that slept may still count as connected; its clock and seat need checking anyway.
  useEffect(() => {
    const onWake = () => {
      if (document.visibilityState !== 'hidden') void refresh();
    };
    document.addEventListener('visibilitychange', onWake);
    window.addEventListener('pageshow', onWake);
    return () => {
      document.removeEventListener('visibilitychange', onWake);
      window.removeEventListener('pageshow', onWake);
    };
  }, [refresh]);

  useEffect(
    () =>
      subscribe((event) => {
        if (event.name === 'room:resync') {
          void refresh();
        } else if (event.name === 'cafe:changed' && event.payload.activityId === activityId) {
          takeState(event.payload);
        } else if (event.name === 'cafe:seat' && event.payload.activityId === activityId) {
          seatPushes.current += 1;
          const { table, round, tableId, isHost } = event.payload;
          setPushed({ activityId, round, tableId, isHost, table });
        }
      }),
    [subscribe, activityId, takeState, refresh],
  );

  // A new round: the server pushes each person's seat right after the state. Only a phone that
  // did not get its own (a lost packet, a late arrival) asks, and not all in the same instant.
  const round = state?.round ?? 0;
  const isRunning = running(state);
  useEffect(() => {
    if (role !== 'participant' || !isRunning || round === 0) return;
    const hasSeat = () => pushedRef.current?.round === stateRef.current?.round;
    let timer: ReturnType<typeof setTimeout>;
    const check = (delay: number) => {
      timer = setTimeout(() => {
        if (hasSeat()) return;
        void refresh().then(() => check(SEATLESS_RETRY_MS));
      }, delay);
    };
    check(SEAT_GRACE_MS + Math.random() * SEAT_SPREAD_MS);
    return () => clearTimeout(timer);
  }, [role, isRunning, round, refresh]);

  let seat: Seat | null = null;
  if (state && pushed && isRunning && pushed.round === state.round) {
    const table = state.tables.find((t) => t.id === pushed.tableId) ?? pushed.table;
    if (table) {
      seat = {
        activityId: pushed.activityId,
        round: pushed.round,
        tableId: pushed.tableId,
        isHost: pushed.isHost,
        table,
      };
    }
  }

  return { state, mine, seat, problem, refresh, applyMine } satisfies CafeHandle;
}

export type TableclothsHandle = {
  tablecloths: Tablecloth[] | null;
  problem: ProblemBody | null;
  refresh: () => Promise<void>;
};

/**
 * Tablecloths as text (`cafe:tablecloths`): a table's earlier rounds (`tableId`), or every table
 * at the harvest. Read when `key` changes (a new round, the harvest) and after a reconnect;
 * `enabled` false reads nothing.
 */
export function useTablecloths(
  room: CafeRoom,
  activityId: string,
  opts: { tableId?: string; key: string; enabled: boolean },
): TableclothsHandle {
  const { send, connection } = room;
  const { tableId, key, enabled } = opts;
  const [result, setResult] = useState<{ key: string; tablecloths: Tablecloth[] } | null>(null);
  const [problem, setProblem] = useState<ProblemBody | null>(null);
  const seq = useRef(0);

  const refresh = useCallback(async () => {
    const mySeq = ++seq.current;
    const answer = await send(
      'cafe:tablecloths',
      tableId ? { activityId, tableId } : { activityId },
    );
    if (mySeq !== seq.current) return;
    if (!answer.ok) {
      setProblem(answer.error);
      return;
    }
    setProblem(null);
    setResult({ key, tablecloths: answer.data.tablecloths });
  }, [send, activityId, tableId, key]);

  const connected = connection === 'connected';
  useEffect(() => {
    if (enabled && connected) void refresh();
  }, [enabled, connected, refresh]);

  return {
    tablecloths: enabled && result?.key === key ? result.tablecloths : null,
    problem,
    refresh,
  };
}
