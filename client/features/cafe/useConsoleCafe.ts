import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from '../../i18n/useTranslation.ts';
import type { CafeView } from '../../../shared/protocol/cafe.ts';
import type { CommandRequest } from '../../../shared/protocol/socket.ts';
import type { ProblemBody } from '../../lib/api.ts';
import type { Room } from '../../lib/useRoom.ts';
import { newerView } from './consoleCafe.ts';

/**
 * The facilitator's café: fetching it and keeping it current. The pure shaping its screens need
 * is in consoleCafe.ts.
 */

export type CafeRoom = Pick<Room, 'send' | 'subscribe' | 'connection'>;

/** The facilitator's commands that answer with the café as it now is. */
export type ViewCommand =
  | 'cafe:tables'
  | 'cafe:host'
  | 'cafe:hostVolunteers'
  | 'cafe:start'
  | 'cafe:pause'
  | 'cafe:resume'
  | 'cafe:adjust'
  | 'cafe:advance'
  | 'cafe:move'
  | 'cafe:share';

/**
 * Sends one of those, shows the answer, and reports a refusal where the console shows problems.
 * `key` names the control that is busy meanwhile. Resolves true when the server agreed.
 */
export type CafeAct = <K extends ViewCommand>(
  key: string,
  name: K,
  payload: CommandRequest<K>,
) => Promise<boolean>;

/** The café console's own strings, and the app's common ones (errors, "Cancel"). */
export function useCafeConsoleT() {
  const own = useTranslation('cafeConsole');
  const common = useTranslation();
  return { t: own.t, tc: common.t, language: own.i18n.language };
}

/** How full each table's notes are in one round, from the server's coalesced `cafe:fill`. */
export type FillFigures = { round: number; chars: Record<string, number> };

export type ConsoleCafeHandle = {
  view: CafeView | null;
  fill: FillFigures | null;
  problem: ProblemBody | null;
  refresh: () => Promise<void>;
  /** Takes a view a command answered with; an older one than what is shown is ignored. */
  apply: (view: CafeView) => void;
};

export function useConsoleCafe(room: CafeRoom, activityId: string): ConsoleCafeHandle {
  const { send, subscribe, connection } = room;
  const [view, setView] = useState<CafeView | null>(null);
  const [fill, setFill] = useState<FillFigures | null>(null);
  const [problem, setProblem] = useState<ProblemBody | null>(null);
  const fetches = useRef(0);
  const viewRef = useRef<CafeView | null>(null);
  useEffect(() => {
    viewRef.current = view;
  });

  const apply = useCallback((next: CafeView) => setView((prev) => newerView(prev, next)), []);

  const refresh = useCallback(async () => {
    const seq = ++fetches.current;
    const result = await send('cafe:get', { activityId });
    // A newer fetch is on its way; its answer is the fresher one.
    if (seq !== fetches.current) return;
    if (!result.ok) {
      setProblem(result.error);
      return;
    }
    setProblem(null);
    apply(result.data);
  }, [send, activityId, apply]);

  const connected = connection === 'connected';
  useEffect(() => {
    if (connected) void refresh();
  }, [connected, refresh]);

  useEffect(
    () =>
      subscribe((event) => {
        switch (event.name) {
          case 'room:resync':
            void refresh();
            break;
          case 'cafe:changed': {
            if (event.payload.activityId !== activityId) break;
            const state = event.payload;
            const shown = viewRef.current;
            // A new round brings new seating; `cafe:seating` says so too, but one may be missed.
            if (!shown || state.round !== shown.state.round) void refresh();
            setView((prev) =>
              prev && state.version >= prev.state.version ? { ...prev, state } : prev,
            );
            break;
          }
          case 'cafe:seating':
            if (event.payload.activityId === activityId) void refresh();
            break;
          case 'cafe:fill': {
            if (event.payload.activityId !== activityId) break;
            const { round, tables } = event.payload;
            setFill((prev) =>
              prev && prev.round > round
                ? prev
                : { round, chars: Object.fromEntries(tables.map((t) => [t.tableId, t.chars])) },
            );
            break;
          }
          default:
            break;
        }
      }),
    [subscribe, activityId, refresh],
  );

  return { view, fill, problem, refresh, apply };
}
