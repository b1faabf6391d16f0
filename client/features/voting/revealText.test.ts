import { beforeAll, describe, expect, it } from 'vitest';
import { Translator, type TFunction } from '../../i18n/translator.ts';
import type { Results, ResultRow } from '../../../shared/domain/voting.ts';
import votingEn from '../../i18n/voting.en.json';
import { myChoiceIds, revealSentence } from './revealText.ts';

let t: TFunction;
beforeAll(async () => {
  const i18n = new Translator({ language: 'en', resources: { en: { voting: votingEn } } });
  t = i18n.getFixedT('en', 'voting');
});

const id = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
const row = (n: number, label: string, score: number, rank: number, tied = false): ResultRow => ({
  optionId: id(n),
  label,
  score,
  paper: 0,
  rank,
  tied,
  nearTie: false,
  byGroup: {},
});
const results: Results = {
  activityId: id(9),
  kind: 'dot',
  method: '',
  voters: 3,
  votersByGroup: {},
  paperVoters: 0,
  version: 1,
  rows: [
    row(1, 'Parks', 5, 1),
    row(2, 'Youth', 3, 2, true),
    row(3, 'Safety', 3, 2, true),
    row(4, 'Homes', 1, 4),
    row(5, 'Buses', 0, 5),
  ],
};

describe('what a phone says at the reveal', () => {
  it('[A11Y-SAY2] own choices, most given first, with their places', () => {
    const ballot = { kind: 'dot' as const, dots: { [id(3)]: 2, [id(1)]: 1, [id(5)]: 0 } };
    expect(myChoiceIds(ballot)).toEqual([id(3), id(1)]);
    expect(revealSentence(t, results, ballot)).toBe(
      'The results are in. Your choices: Safety, Tied for 2nd; Parks, 1st.',
    );
  });

  it('[A11Y-SAY2] a ranking names its first three; a single choice is one', () => {
    const ranking = { kind: 'ranking' as const, order: [id(4), id(2), id(1), id(3)] };
    expect(revealSentence(t, results, ranking)).toBe(
      'The results are in. Your choices: Homes, 4th; Youth, Tied for 2nd; Parks, 1st.',
    );
    expect(revealSentence(t, results, { kind: 'single', choice: id(1) })).toBe(
      'The results are in. Your choice: Parks, 1st.',
    );
  });

  it('[A11Y-SAY2] someone who did not vote hears only that the results are in', () => {
    expect(revealSentence(t, results, null)).toBe('The results are in.');
    expect(revealSentence(t, results, { kind: 'points', points: { [id(1)]: 0 } })).toBe(
      'The results are in.',
    );
  });
});
