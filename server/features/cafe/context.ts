import type { z } from 'zod';
import type { CafeSeat, CafeState, CafeTable } from '../../../shared/domain/cafe.ts';
import type { cafeEvents } from '../../../shared/protocol/cafe.ts';
import type { Database } from '../../db/database.ts';
import type { Logger } from '../../logger.ts';
import type { Documents } from '../../core/documents.ts';
import type { Emitter } from '../../core/events.ts';
import type { Actor } from '../../core/identity.ts';
import type * as store from './store.ts';

/*
 * What every part of the café service shares: what it is given, what it tells, and the café as
 * one transaction loaded it.
 */

export type SeatEvent = z.output<(typeof cafeEvents)['cafe:seat']>;
export type FillEvent = z.output<(typeof cafeEvents)['cafe:fill']>;

/** What the café tells the transport, after each change is stored. */
export type CafeEvents = {
  'cafe.changed': { workshopId: string; state: CafeState };
  /** One participant's seat for the round (a new round, a move, a late arrival). */
  'cafe.seat': { participantId: string; seat: SeatEvent };
  'cafe.seating': { workshopId: string; activityId: string; round: number };
  /** How full each tablecloth is, for the facilitator's overview. */
  'cafe.fill': { workshopId: string; fill: FillEvent };
};

export type CafeDeps = {
  db: Database;
  docs: Documents;
  log: Logger;
  events: Emitter<CafeEvents>;
  /** Participants with a live connection now (presence). */
  onlineParticipantIds(workshopId: string): Promise<Set<string>>;
  /** Re-checks open tablecloth connections after who-may-write changed. */
  recheckAccess(docNames: readonly string[]): Promise<void>;
  now?: () => Date;
  /** How often running cafés are checked: fill figures, due phases, snapshots. */
  tickMs?: number;
  /** A changed tablecloth is snapshotted at most this often while its round runs (CAFE11). */
  snapshotEveryMs?: number;
  /**
   * How long after their phone's last connection ended someone seated last round is still seated
   * at a changeover (CAFE19); default 5 minutes.
   */
  awayMs?: number;
};

export type Viewer = Actor | { role: 'screen'; workshopId: string };

export type Ctx = {
  cafe: store.CafeRow;
  settings: {
    rounds: number;
    roundMinutes: number;
    changeoverMinutes: number;
    questions: string[];
    tables: number;
    tableSize: number;
    maxTableSize: number;
  };
  tables: CafeTable[];
};

export function seatOf(c: Ctx, s: store.SeatRow): CafeSeat {
  return { activityId: c.cafe.activityId, round: s.round, tableId: s.tableId, isHost: s.isHost };
}

export function isDue(c: Ctx, now: () => Date) {
  const { phase, endsAt } = c.cafe;
  return (phase === 'moving' || phase === 'talking') && !!endsAt && endsAt <= now();
}

export function isRunning(c: Ctx) {
  return c.cafe.phase === 'moving' || c.cafe.phase === 'talking' || c.cafe.phase === 'paused';
}

/** One question per round: the typed ones in order, the last repeated if fewer were given. */
export function roundQuestions(questions: readonly string[], rounds: number): string[] {
  if (questions.length === 0) return Array.from({ length: rounds }, () => '');
  return Array.from({ length: rounds }, (_, i) => questions[Math.min(i, questions.length - 1)]!);
}
