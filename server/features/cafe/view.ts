import type { CafeState } from '../../../shared/domain/cafe.ts';
import { seatingQuality } from '../../../shared/domain/cafeQuality.ts';
import type { CafeMine, CafeView } from '../../../shared/protocol/cafe.ts';
import type { Queryable } from '../../db/database.ts';
import { isRunning, roundQuestions, seatOf, type Ctx, type Viewer } from './context.ts';
import * as store from './store.ts';

/** What a viewer sees of a café: everyone the state, a participant their seat, staff the room. */
export async function viewFor(
  tx: Queryable,
  c: Ctx,
  viewer: Viewer,
  now: () => Date,
): Promise<CafeView> {
  const state = await stateOf(tx, c, now);
  const base = {
    state,
    mine: null,
    seating: null,
    volunteers: null,
    remote: null,
    quality: null,
  };
  if (viewer.role === 'participant') {
    return { ...base, mine: await mineOf(tx, c, viewer.participantId) };
  }
  if (viewer.role === 'facilitator') {
    const people = await store.people(tx, c.cafe.activityId);
    return {
      ...base,
      seating: c.cafe.round > 0 ? await store.seatRows(tx, c.cafe.activityId, c.cafe.round) : [],
      volunteers: people.filter((p) => p.volunteer).map((p) => p.participantId),
      remote: people.filter((p) => p.remote).map((p) => p.participantId),
      // From the seats as they stand: late, returning and moved seats count too (CAFE19).
      quality:
        c.cafe.round > 0
          ? seatingQuality(c.tables, await store.allSeats(tx, c.cafe.activityId))
          : [],
    };
  }
  return base;
}

export async function mineOf(tx: Queryable, c: Ctx, participantId: string): Promise<CafeMine> {
  const seats = await store.seatsOf(tx, c.cafe.activityId, participantId);
  const person = (await store.people(tx, c.cafe.activityId)).find(
    (p) => p.participantId === participantId,
  );
  const history = seats.map((s) => seatOf(c, s));
  const current = seats.find((s) => s.round === c.cafe.round);
  return {
    seat: current && isRunning(c) ? seatOf(c, current) : null,
    history,
    volunteer: person?.volunteer ?? false,
    remote: person?.remote ?? false,
  };
}

export async function stateOf(tx: Queryable, c: Ctx, now: () => Date): Promise<CafeState> {
  const { cafe, settings } = c;
  return {
    activityId: cafe.activityId,
    phase: cafe.phase,
    round: cafe.round,
    rounds: settings.rounds,
    roundMinutes: settings.roundMinutes,
    changeoverMinutes: settings.changeoverMinutes,
    tableSize: settings.tableSize,
    maxTableSize: settings.maxTableSize,
    endsAt: cafe.endsAt && cafe.phase !== 'paused' ? cafe.endsAt.toISOString() : null,
    pausedPhase: cafe.phase === 'paused' ? cafe.pausedPhase : null,
    remainingMs: cafe.phase === 'paused' ? cafe.pausedRemainingMs : null,
    serverTime: now().toISOString(),
    questions: roundQuestions(settings.questions, settings.rounds),
    tables: c.tables,
    notesShared: cafe.notesShared,
    insights: await store.insights(tx, cafe.activityId),
    version: cafe.version,
  };
}
