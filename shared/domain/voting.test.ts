import { describe, expect, it } from 'vitest';
import {
  autoDots,
  ballotProblem,
  isVote,
  shuffledFor,
  type Ballot,
  type VoteKind,
} from './voting.ts';
import { mulberry32 } from './random.ts';
import { countVotes } from './tally.ts';

const ids = {
  parks: '00000000-0000-4000-8000-000000000001',
  youth: '00000000-0000-4000-8000-000000000002',
  safety: '00000000-0000-4000-8000-000000000003',
  homes: '00000000-0000-4000-8000-000000000004',
};
const options = [
  { id: ids.parks, label: 'Parks' },
  { id: ids.youth, label: 'Youth clubs' },
  { id: ids.safety, label: 'Street safety' },
  { id: ids.homes, label: 'Homes' },
];
const row = (r: ReturnType<typeof countVotes>, id: string) =>
  r.rows.find((x) => x.optionId === id)!;

describe('counting votes', () => {
  it('[VOTE2] the automatic dot budget is about a third of the options, from 3 to 10', () => {
    expect(autoDots(4)).toBe(3);
    expect(autoDots(9)).toBe(3);
    expect(autoDots(15)).toBe(5);
    expect(autoDots(40)).toBe(10);
  });

  it('[VOTE5][VOTE6] dots rank options, ties share a rank and are flagged, paper counts are shown as paper', () => {
    // Worked example from docs/spec.md: three residents and an officer, plus a paper sheet.
    const dot = (dots: Record<string, number>): Ballot => ({ kind: 'dot', dots });
    const r = countVotes({
      activityId: ids.parks,
      kind: 'dot',
      options,
      ballots: [
        { groupKey: 'resident', ballot: dot({ [ids.parks]: 2, [ids.youth]: 1 }) },
        { groupKey: 'resident', ballot: dot({ [ids.parks]: 1, [ids.youth]: 2 }) },
        { groupKey: 'resident', ballot: dot({ [ids.safety]: 3 }) },
        { groupKey: 'officer', ballot: dot({ [ids.homes]: 3 }) },
      ],
      paper: [{ optionId: ids.homes, groupKey: 'resident', count: 1 }],
    });
    expect(r.rows.map((x) => [x.label, x.score, x.rank])).toEqual([
      ['Homes', 4, 1],
      ['Parks', 3, 2],
      ['Youth clubs', 3, 2],
      ['Street safety', 3, 2],
    ]);
    expect(row(r, ids.parks).tied).toBe(true);
    expect(row(r, ids.homes)).toMatchObject({ tied: false, nearTie: true, paper: 1 });
    expect(row(r, ids.homes).byGroup).toEqual({
      officer: { digital: 3, paper: 0 },
      resident: { digital: 0, paper: 1 },
    });
    expect(r.voters).toBe(4);
    expect(r.votersByGroup).toEqual({ resident: 3, officer: 1 });
    expect(r.method).toMatch(/Dot vote/);
  });

  it('[VOTE6] a clear winner is neither tied nor near-tied; options nobody chose are not ties', () => {
    const r = countVotes({
      activityId: ids.parks,
      kind: 'single',
      options,
      ballots: Array.from({ length: 10 }, () => ({
        groupKey: 'resident',
        ballot: { kind: 'single', choice: ids.youth } as Ballot,
      })),
    });
    expect(row(r, ids.youth)).toMatchObject({ score: 10, rank: 1, tied: false, nearTie: false });
    expect(row(r, ids.parks)).toMatchObject({ score: 0, rank: 2, tied: false });
  });

  it('[VOTE11] ranked ballots are counted by Borda over the top k, and the method is named', () => {
    // k = 3: first 3 points, second 2, third 1.
    const rank = (...order: string[]): Ballot => ({ kind: 'ranking', order });
    const r = countVotes({
      activityId: ids.parks,
      kind: 'ranking',
      rankTopK: 3,
      options,
      ballots: [
        { groupKey: 'partner', ballot: rank(ids.youth, ids.parks, ids.safety) },
        { groupKey: 'resident', ballot: rank(ids.parks, ids.youth, ids.homes) },
        { groupKey: 'resident', ballot: rank(ids.youth, ids.homes) },
      ],
    });
    expect(r.rows.map((x) => [x.label, x.score])).toEqual([
      ['Youth clubs', 8],
      ['Parks', 5],
      ['Homes', 3],
      ['Street safety', 1],
    ]);
    expect(row(r, ids.youth).firstChoices).toBe(2);
    expect(r.method).toBe(
      "Borda count over each person's top 3: a first choice earns 3 points, a second 2, down to 1 for choice 3.",
    );
  });

  it('[VOTE11] approval counts supporters; points add up', () => {
    const approval = countVotes({
      activityId: ids.parks,
      kind: 'approval',
      options,
      ballots: [
        { groupKey: 'resident', ballot: { kind: 'approval', choices: [ids.parks, ids.youth] } },
        { groupKey: 'officer', ballot: { kind: 'approval', choices: [ids.parks] } },
      ],
    });
    expect(row(approval, ids.parks).score).toBe(2);
    expect(row(approval, ids.youth).score).toBe(1);
    const points = countVotes({
      activityId: ids.parks,
      kind: 'points',
      pointsTotal: 100,
      options,
      ballots: [
        {
          groupKey: 'resident',
          ballot: { kind: 'points', points: { [ids.parks]: 70, [ids.homes]: 30 } },
        },
        { groupKey: 'partner', ballot: { kind: 'points', points: { [ids.homes]: 100 } } },
      ],
    });
    expect(points.rows.map((x) => [x.label, x.score])).toEqual([
      ['Homes', 130],
      ['Parks', 70],
      ['Youth clubs', 0],
      ['Street safety', 0],
    ]);
  });

  it('[VOTE8] ballots over the budget, over the cap, for unknown options or of the wrong kind are refused', () => {
    const optionIds = new Set(Object.values(ids));
    const rules = { kind: 'dot' as const, optionIds, dotsPerPerson: 3, maxDotsPerOption: 2 };
    expect(ballotProblem({ kind: 'dot', dots: { [ids.parks]: 2, [ids.youth]: 1 } }, rules)).toBe(
      null,
    );
    expect(ballotProblem({ kind: 'dot', dots: { [ids.parks]: 2, [ids.youth]: 2 } }, rules)).toEqual(
      {
        code: 'VOTE_BUDGET_EXCEEDED',
        params: { budget: 3 },
      },
    );
    expect(ballotProblem({ kind: 'dot', dots: { [ids.parks]: 3 } }, rules)).toEqual({
      code: 'DOTS_PER_OPTION_EXCEEDED',
      params: { max: 2 },
    });
    expect(
      ballotProblem({ kind: 'dot', dots: { '00000000-0000-4000-8000-00000000000f': 1 } }, rules),
    ).toEqual({ code: 'NOT_AN_OPTION', params: {} });
    expect(ballotProblem({ kind: 'single', choice: ids.parks }, rules)).toEqual({
      code: 'BALLOT_OTHER_KIND',
      params: {},
    });
    const ranking = { kind: 'ranking' as const, optionIds, rankTopK: 2 };
    expect(ballotProblem({ kind: 'ranking', order: [ids.parks, ids.parks] }, ranking)).toEqual({
      code: 'OPTION_TWICE',
      params: {},
    });
    expect(
      ballotProblem({ kind: 'ranking', order: [ids.parks, ids.youth, ids.homes] }, ranking),
    ).toEqual({ code: 'RANK_TOO_MANY', params: { max: 2 } });
    expect(
      ballotProblem(
        { kind: 'points', points: { [ids.parks]: 101 } },
        { kind: 'points', optionIds, pointsTotal: 100 },
      ),
    ).toEqual({ code: 'POINTS_BUDGET_EXCEEDED', params: { budget: 100 } });
  });

  it('[VOTE3] each person sees the options in their own stable order', () => {
    const many = Array.from({ length: 8 }, (_, i) => ({
      id: `0000000${i}-0000-4000-8000-000000000000`,
      label: `O${i}`,
    }));
    const a1 = shuffledFor(many, 'person-a').map((o) => o.id);
    expect(shuffledFor(many, 'person-a').map((o) => o.id)).toEqual(a1);
    const orders = new Set(
      ['b', 'c', 'd', 'e', 'f'].map((p) =>
        shuffledFor(many, p)
          .map((o) => o.id)
          .join(),
      ),
    );
    expect(orders.size).toBeGreaterThan(1);
    expect([...a1].sort()).toEqual(many.map((o) => o.id).sort());
  });

  it('[VOTE16] an empty ballot is not a vote, whatever the method; voters and voters per group count only votes', () => {
    const empties: Record<VoteKind, Ballot[]> = {
      dot: [
        { kind: 'dot', dots: {} },
        { kind: 'dot', dots: { [ids.parks]: 0 } },
      ],
      single: [],
      approval: [{ kind: 'approval', choices: [] }],
      ranking: [],
      points: [
        { kind: 'points', points: {} },
        { kind: 'points', points: { [ids.parks]: 0, [ids.homes]: 0 } },
      ],
    };
    const optionIds = Object.values(ids);
    // Random ballots of each method, some of them empty: the count must match a count by hand.
    const random = mulberry32(16);
    const pick = () => optionIds[Math.floor(random() * optionIds.length)]!;
    const someBallot = (kind: VoteKind): Ballot => {
      const chosen = [...new Set(Array.from({ length: 1 + Math.floor(random() * 3) }, pick))];
      switch (kind) {
        case 'dot':
          return { kind, dots: Object.fromEntries(chosen.map((id) => [id, 1])) };
        case 'single':
          return { kind, choice: chosen[0]! };
        case 'approval':
          return { kind, choices: chosen };
        case 'ranking':
          return { kind, order: chosen };
        case 'points':
          return { kind, points: Object.fromEntries(chosen.map((id) => [id, 10])) };
      }
    };
    for (const kind of ['dot', 'single', 'approval', 'ranking', 'points'] as const) {
      for (let trial = 0; trial < 25; trial++) {
        const ballots: { groupKey: string; ballot: Ballot }[] = [];
        const expected: Record<string, number> = {};
        for (let i = 0; i < 12; i++) {
          const groupKey = ['resident', 'officer', 'partner'][Math.floor(random() * 3)]!;
          const empty = empties[kind].length > 0 && random() < 0.4;
          const ballot = empty
            ? empties[kind][Math.floor(random() * empties[kind].length)]!
            : someBallot(kind);
          expect(isVote(ballot), `${kind} ${JSON.stringify(ballot)}`).toBe(!empty);
          if (!empty) expected[groupKey] = (expected[groupKey] ?? 0) + 1;
          ballots.push({ groupKey, ballot });
        }
        const r = countVotes({ activityId: ids.parks, kind, options, ballots });
        expect(r.votersByGroup).toEqual(expected);
        expect(r.voters).toBe(Object.values(expected).reduce((a, b) => a + b, 0));
      }
    }
    // Someone who placed dots and took them all back is not a voter; the others still are.
    const tookBack = countVotes({
      activityId: ids.parks,
      kind: 'dot',
      options,
      ballots: [
        { groupKey: 'resident', ballot: { kind: 'dot', dots: {} } },
        { groupKey: 'officer', ballot: { kind: 'dot', dots: { [ids.youth]: 2 } } },
      ],
    });
    expect(tookBack).toMatchObject({ voters: 1, votersByGroup: { officer: 1 } });
  });
});
