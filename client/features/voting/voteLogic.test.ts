import { describe, expect, it } from 'vitest';
import type { Results } from '../../../shared/domain/voting.ts';
import { countVotes } from '../../../shared/domain/tally.ts';
import {
  addBlock,
  closesAtAfter,
  congressBallot,
  dotsLeft,
  draftFromBallot,
  newerResults,
  projectDots,
  rankAdd,
  rankMove,
  rankRemove,
  receiptFor,
  removeBlock,
  resultGroups,
  setPoints,
  tiedWith,
  type DotContext,
} from './voteLogic.ts';

const A = '0d8f6c1e-2b3a-4c5d-8e9f-101112131415';
const B = '1a2b3c4d-5e6f-4a1b-9c2d-3e4f5a6b7c8d';
const C = '2b3c4d5e-6f7a-4b2c-8d3e-4f5a6b7c8d9e';
const D = '3c4d5e6f-7a8b-4c3d-9e4f-5a6b7c8d9e0f';

const open = { status: 'open' as const, dotsPerPerson: 3, maxDotsPerOption: 2 };
const ctx = (dots: Record<string, number>, extra: Partial<DotContext> = {}): DotContext => ({
  meta: open,
  mayVote: true,
  ownOptionIds: [],
  dots,
  ...extra,
});

describe('dot budget on the phone', () => {
  it('[VOTE4] counts the presses still on their way before offering another dot', () => {
    const ballot = { kind: 'dot' as const, dots: { [A]: 1 } };
    const dots = projectDots(ballot, [
      { id: 'x', optionId: A, delta: 1 },
      { id: 'y', optionId: B, delta: 1 },
    ]);
    expect(dots).toEqual({ [A]: 2, [B]: 1 });
    expect(dotsLeft(open, dots)).toBe(0);
    expect(addBlock(ctx(dots), C)).toBe('noneLeft');
    expect(removeBlock(ctx(dots), A)).toBeNull();
  });

  it('[VOTE4][VOTE8][VOTE14] refuses a dot past the per-option cap, on an own note, or with nothing there', () => {
    expect(addBlock(ctx({ [A]: 2 }), A)).toBe('cap');
    expect(addBlock(ctx({ [A]: 1 }), A)).toBeNull();
    expect(addBlock(ctx({}, { ownOptionIds: [B] }), B)).toBe('own');
    expect(removeBlock(ctx({}), A)).toBe('noneHere');
  });

  it('[VOTE4][VOTE13] says why nothing can be pressed before opening, after closing, or for late joiners', () => {
    expect(addBlock(ctx({}, { meta: { ...open, status: 'preparing' } }), A)).toBe('notOpen');
    expect(removeBlock(ctx({ [A]: 1 }, { meta: { ...open, status: 'closed' } }), A)).toBe('closed');
    expect(addBlock(ctx({}, { mayVote: false }), A)).toBe('mayNot');
  });

  it('never goes below zero when a removal is pending for a dot already gone', () => {
    expect(projectDots(null, [{ id: 'x', optionId: A, delta: -1 }])).toEqual({ [A]: 0 });
  });
});

describe('ranking ballot editing', () => {
  it('[VOTE11] adds up to k choices in order, never twice', () => {
    let order = rankAdd([], A, 3);
    order = rankAdd(order, B, 3);
    order = rankAdd(order, A, 3);
    order = rankAdd(order, C, 3);
    order = rankAdd(order, D, 3);
    expect(order).toEqual([A, B, C]);
  });

  it('[VOTE11] moves a choice up and down and ignores moves off the ends', () => {
    expect(rankMove([A, B, C], 2, -1)).toEqual([A, C, B]);
    expect(rankMove([A, B, C], 0, 1)).toEqual([B, A, C]);
    expect(rankMove([A, B, C], 0, -1)).toEqual([A, B, C]);
    expect(rankMove([A, B, C], 2, 1)).toEqual([A, B, C]);
  });

  it('[VOTE11] removes a choice and the others close up', () => {
    expect(rankRemove([A, B, C], B)).toEqual([A, C]);
  });
});

describe('points ballot editing', () => {
  it('[VOTE11] keeps the total within the budget and drops zeros', () => {
    let p = setPoints({}, A, 60, 100);
    p = setPoints(p, B, 70, 100);
    expect(p).toEqual({ [A]: 60, [B]: 40 });
    p = setPoints(p, A, -5, 100);
    expect(p).toEqual({ [B]: 40 });
    p = setPoints(p, C, Number.NaN, 100);
    expect(p).toEqual({ [B]: 40 });
    expect(setPoints(p, B, 12.7, 100)).toEqual({ [B]: 12 });
  });
});

describe('congress ballots from the form', () => {
  const empty = draftFromBallot(null);
  it('is not sendable until something is chosen', () => {
    expect(congressBallot('single', empty)).toBeNull();
    expect(congressBallot('ranking', empty)).toBeNull();
    expect(congressBallot('points', empty)).toBeNull();
    expect(congressBallot('approval', empty)).toEqual({ kind: 'approval', choices: [] });
  });

  it('[VOTE11] starts from the ballot already counted, so it can be changed until the close', () => {
    const draft = draftFromBallot({ kind: 'ranking', order: [B, A] });
    expect(draft.order).toEqual([B, A]);
    expect(congressBallot('ranking', draft)).toEqual({ kind: 'ranking', order: [B, A] });
  });
});

describe('receipts', () => {
  it('[VOTE7] says how many dots the server counted, from its answer only', () => {
    expect(receiptFor(null)).toBeNull();
    expect(receiptFor({ kind: 'dot', dots: { [A]: 2, [B]: 2 } })).toEqual({
      key: 'receipt.dots',
      count: 4,
    });
    expect(receiptFor({ kind: 'dot', dots: {} })).toEqual({ key: 'receipt.noDots', count: 0 });
    expect(receiptFor({ kind: 'ranking', order: [A, B, C] })).toEqual({
      key: 'receipt.vote',
      count: 3,
    });
  });
});

describe('results', () => {
  const options = [
    { id: A, label: 'Youth club' },
    { id: B, label: 'Parks' },
    { id: C, label: 'Buses' },
  ];
  const results = (version: number): Results =>
    countVotes({
      activityId: D,
      kind: 'dot',
      options,
      ballots: [
        { groupKey: 'resident', ballot: { kind: 'dot', dots: { [A]: 2, [B]: 1 } } },
        { groupKey: 'officer', ballot: { kind: 'dot', dots: { [B]: 1 } } },
        // A group the workshop no longer lists; one dot on Buses leaves the top two tied.
        { groupKey: 'youth-panel', ballot: { kind: 'dot', dots: { [C]: 1 } } },
      ],
      version,
    });

  it('[VOTE9] keeps the newest tally whatever order they arrive in', () => {
    const older = results(3);
    const newer = results(5);
    expect(newerResults(newer, older)).toBe(newer);
    expect(newerResults(older, newer)).toBe(newer);
    expect(newerResults(null, older)).toBe(older);
  });

  it('[VOTE6] knows how many share a tied rank', () => {
    const r = results(1);
    const top = r.rows[0]!;
    expect(top.tied).toBe(true);
    expect(tiedWith(r, top)).toBe(2);
  });

  it('[VOTE5] lists groups in the workshop order, then unknown keys, never hiding one', () => {
    const groups = resultGroups(results(1), [
      { key: 'partner', label: null },
      { key: 'officer', label: null },
      { key: 'resident', label: 'Residents' },
    ]);
    expect(groups.map((g) => g.key)).toEqual(['officer', 'resident', 'youth-panel']);
  });
});

describe('timed close', () => {
  it('[VOTE15] turns "close after N minutes" into an ISO time, and nothing into no closing time', () => {
    const now = new Date('2026-12-01T18:30:00.000Z');
    expect(closesAtAfter(now, 5)).toBe('2026-12-01T18:35:00.000Z');
    expect(closesAtAfter(now, 0)).toBeNull();
    expect(closesAtAfter(now, Number.NaN)).toBeNull();
  });
});
