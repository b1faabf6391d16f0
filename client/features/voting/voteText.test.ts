import { beforeAll, describe, expect, it } from 'vitest';
import { Translator, type TFunction } from '../../i18n/translator.ts';
import type { ResultRow } from '../../../shared/domain/voting.ts';
import votingEn from '../../i18n/voting.en.json';
import { placeText } from './places.ts';

let t: TFunction;
beforeAll(async () => {
  const i18n = new Translator({ language: 'en', resources: { en: { voting: votingEn } } });
  t = i18n.getFixedT('en', 'voting');
});

const row = (score: number, rank: number, tied: boolean): ResultRow => ({
  optionId: '00000000-0000-4000-8000-000000000001',
  label: 'Parks',
  score,
  paper: 0,
  rank,
  tied,
  nearTie: false,
  byGroup: {},
});

describe('places in a result', () => {
  it('[HALL5] before anyone votes no option is "tied for 1st"', () => {
    expect(placeText(t, row(0, 1, true))).toBe('No votes yet');
    expect(placeText(t, row(3, 1, false))).toBe('1st');
    expect(placeText(t, row(2, 2, true))).toBe('Tied for 2nd');
    expect(placeText(t, row(0, 3, true))).toBe('No votes yet');
  });
});
