import { describe, expect, it } from 'vitest';
import { mulberry32 } from './random.ts';
import { Tally, countVotes } from './tally.ts';
import type { Ballot, CountableBallot, VoteKind } from './voting.ts';

const options = Array.from({ length: 6 }, (_, i) => ({
  id: `00000000-0000-4000-8000-00000000000${i}`,
  label: `Option ${i}`,
}));
const groups = ['resident', 'officer', 'partner'];

function randomBallot(kind: VoteKind, next: () => number): Ballot {
  const pick = () => options[Math.floor(next() * options.length)]!.id;
  switch (kind) {
    case 'dot': {
      // Sometimes every dot taken back: not a vote (VOTE16).
      const dots: Record<string, number> = {};
      for (let i = Math.floor(next() * 4); i > 0; i--) dots[pick()] = 1 + Math.floor(next() * 3);
      return { kind, dots };
    }
    case 'single':
      return { kind, choice: pick() };
    case 'approval':
      return { kind, choices: [...new Set([pick(), pick()])].slice(0, Math.floor(next() * 3)) };
    case 'ranking':
      return { kind, order: [...new Set([pick(), pick(), pick(), pick()])] };
    case 'points': {
      const points: Record<string, number> = {};
      points[pick()] = Math.floor(next() * 60);
      points[pick()] = Math.floor(next() * 40);
      return { kind, points };
    }
  }
}

describe('running tally', () => {
  for (const kind of ['dot', 'single', 'approval', 'ranking', 'points'] as const) {
    it(`[SCALE14] a ${kind} vote counted ballot by ballot, with changes and withdrawals, equals counting afresh after every step`, () => {
      const next = mulberry32(kind.length * 7919);
      const paper = [{ optionId: options[1]!.id, groupKey: 'resident', count: 4 }];
      const vote = {
        activityId: options[0]!.id,
        kind,
        options,
        paper,
        rankTopK: 3,
        pointsTotal: 100,
      };
      const tally = new Tally(vote);
      const paperBallot: CountableBallot = {
        groupKey: 'officer',
        ballot: randomBallot(kind, next),
      };
      tally.apply({ ...paperBallot, onPaper: true }, 1);
      const held = new Map<number, CountableBallot>();
      for (let step = 1; step <= 400; step++) {
        const person = Math.floor(next() * 40);
        const old = held.get(person);
        if (old) tally.apply(old, -1);
        if (next() < 0.1) held.delete(person);
        else {
          const now = {
            groupKey: groups[Math.floor(next() * groups.length)]!,
            ballot: randomBallot(kind, next),
          };
          tally.apply(now, 1);
          held.set(person, now);
        }
        const afresh = countVotes({
          ...vote,
          ballots: [...held.values()],
          paperBallots: [paperBallot],
          version: step,
        });
        expect(tally.results(step), `step ${step}`).toEqual(afresh);
      }
    });
  }

  it('[SCALE14] results are a copy: ranking them does not change what the tally holds', () => {
    const tally = new Tally({ activityId: options[0]!.id, kind: 'single', options });
    tally.apply({ groupKey: 'resident', ballot: { kind: 'single', choice: options[2]!.id } }, 1);
    const first = tally.results(1);
    first.rows[0]!.score = 99;
    first.rows[0]!.byGroup['resident']!.digital = 99;
    expect(tally.results(1).rows[0]).toMatchObject({
      score: 1,
      byGroup: { resident: { digital: 1 } },
    });
  });
});
