import { describe, expect, it } from 'vitest';
import { allReasons, reasonTables, things } from '../../shared/protocol/reasons.ts';
import { sayings } from '../../shared/protocol/reasons/english/index.ts';
import bn from './reasons.bn.json';
import en from './reasons.en.json';

type Tree = { [key: string]: string | Tree };
const pluralSuffix = /_(one|other)$/;
const keysOf = (tree: unknown) =>
  new Set(Object.keys(tree as Tree).map((k) => k.replace(pluralSuffix, '')));

describe('refusal reasons', () => {
  const codes = Object.keys(allReasons);

  it('[LANG1] every code belongs to one feature only', () => {
    const perFeature = Object.values(reasonTables).flatMap((table) => Object.keys(table));
    expect(perFeature.length).toBe(new Set(perFeature).size);
    expect(perFeature.sort()).toEqual([...codes].sort());
  });

  it('[LANG1] every code has English for the server and a sentence in every catalogue', () => {
    expect(Object.keys(sayings).sort()).toEqual([...codes].sort());
    for (const catalogue of [en, bn]) {
      expect([...keysOf(catalogue.reasons)].sort()).toEqual([...codes].sort());
      expect(Object.keys(catalogue.things).sort()).toEqual([...things].sort());
    }
  });
});
