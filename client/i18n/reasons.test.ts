import { describe, expect, it } from 'vitest';
import { allReasons, reasonTables, things } from '../../shared/protocol/reasons.ts';
import { sayings } from '../../shared/protocol/reasons/english/index.ts';

/** Every language's refusal sentences (reasons.<lang>.json), however many languages ship. */
const catalogues = Object.entries(
  import.meta.glob<{ reasons: Record<string, string>; things: Record<string, string> }>(
    './reasons.*.json',
    { eager: true, import: 'default' },
  ),
);

type Tree = { [key: string]: string | Tree };
const pluralSuffix = /_(zero|one|two|few|many|other)$/;
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
    expect(catalogues.length).toBeGreaterThan(1);
    for (const [file, catalogue] of catalogues) {
      expect([...keysOf(catalogue.reasons)].sort(), file).toEqual([...codes].sort());
      expect(Object.keys(catalogue.things).sort(), file).toEqual([...things].sort());
    }
  });
});
