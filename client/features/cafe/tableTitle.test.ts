import { beforeAll, describe, expect, it } from 'vitest';
import { Translator, type TFunction } from '../../i18n/translator.ts';
import cafeBn from '../../i18n/cafe.bn.json';
import cafeEn from '../../i18n/cafe.en.json';
import { tableTitle } from './WhereToGo.tsx';

// What a phone and the projector call a table.

const ts: Record<'en' | 'bn', TFunction> = {} as Record<'en' | 'bn', TFunction>;
beforeAll(async () => {
  const i18n = new Translator({
    language: 'en',
    resources: { en: { cafe: cafeEn }, bn: { cafe: cafeBn } },
  });
  ts.en = i18n.getFixedT('en', 'cafe');
  ts.bn = i18n.getFixedT('bn', 'cafe');
});

describe('table titles', () => {
  it('[CAFE4] a named table shows its number and name; one not renamed shows its number once', () => {
    expect(tableTitle(ts.en, { number: 3, name: 'Oak' })).toBe('Table 3 · Oak');
    expect(tableTitle(ts.en, { number: 3, name: 'Oak' }, 'short')).toBe('Table 3 (Oak)');
    // The server's default name, in English, is not repeated after the number, in any language.
    expect(tableTitle(ts.en, { number: 1, name: 'Table 1' })).toBe('Table 1');
    expect(tableTitle(ts.bn, { number: 1, name: 'Table 1' })).toBe('টেবিল 1');
    expect(tableTitle(ts.bn, { number: 2, name: 'টেবিল 2' }, 'short')).toBe('টেবিল 2');
    expect(tableTitle(ts.en, { number: 4, name: '  ' })).toBe('Table 4');
    // A name that only looks like another table's default is a real name.
    expect(tableTitle(ts.en, { number: 5, name: 'Table 6' })).toBe('Table 5 · Table 6');
  });
});
