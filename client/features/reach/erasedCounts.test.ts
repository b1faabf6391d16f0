import { describe, expect, it } from 'vitest';
import { Translator } from '../../i18n/translator.ts';
import reachBn from '../../i18n/reach.bn.json';
import reachEn from '../../i18n/reach.en.json';
import { countsText } from './erasedCounts.ts';

async function tFor(language: 'en' | 'bn') {
  const i18n = new Translator({
    language,
    resources: { en: { reach: reachEn }, bn: { reach: reachBn } },
  });
  return i18n.getFixedT(language, 'reach');
}

describe('[HALL5] counts follow the language’s plural rules', () => {
  it('one of a thing is not "1 notes"', async () => {
    const t = await tFor('en');
    expect(countsText(t, 'en', { notes: 1, ballots: 2, commitments: 1, cafeSeats: 0 })).toBe(
      '1 note, 2 votes, 1 commitment and 0 café seats',
    );
  });

  it('Bengali lists the same counts in Bengali', async () => {
    const t = await tFor('bn');
    const text = countsText(t, 'bn', { notes: 1, ballots: 2, commitments: 1, cafeSeats: 0 });
    expect(text).toContain('1টি নোট');
    expect(text).toContain('0টি ক্যাফে আসন');
  });
});
