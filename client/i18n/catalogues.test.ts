import { describe, expect, it } from 'vitest';
import aboutYouBn from './aboutYou.bn.json';
import aboutYouEn from './aboutYou.en.json';
import bn from './bn.json';
import cafeBn from './cafe.bn.json';
import cafeEn from './cafe.en.json';
import cafeConsoleBn from './cafeConsole.bn.json';
import cafeConsoleEn from './cafeConsole.en.json';
import en from './en.json';
import staffBn from './staff.bn.json';
import staffEn from './staff.en.json';
import feedbackBn from './feedback.bn.json';
import feedbackEn from './feedback.en.json';
import reachBn from './reach.bn.json';
import reachEn from './reach.en.json';
import recordsBn from './records.bn.json';
import recordsEn from './records.en.json';
import votingBn from './voting.bn.json';
import votingEn from './voting.en.json';

type Tree = { [key: string]: string | Tree };

/** Every namespace the client registers (client/i18n/index.ts), English beside Bengali. */
const namespaces: [string, Tree, Tree][] = [
  ['translation', en, bn],
  ['translation (staff screens)', staffEn, staffBn],
  ['voting', votingEn, votingBn],
  ['cafe', cafeEn, cafeBn],
  ['cafeConsole', cafeConsoleEn, cafeConsoleBn],
  ['feedback', feedbackEn, feedbackBn],
  ['reach', reachEn, reachBn],
  ['aboutYou', aboutYouEn, aboutYouBn],
  ['records', recordsEn, recordsBn],
];

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') out.set(prefix + key, value);
    else for (const [k, v] of flatten(value, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

const pluralSuffix = /_(ordinal_)?(zero|one|two|few|many|other)$/;
const base = (key: string) => key.replace(pluralSuffix, '');
const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
const withoutMeta = (keys: Map<string, string>) =>
  new Map([...keys].filter(([k]) => !k.startsWith('_meta.')));

describe.each(namespaces)('the %s catalogues', (_name, enTree, bnTree) => {
  const enKeys = withoutMeta(flatten(enTree));
  const bnKeys = withoutMeta(flatten(bnTree));

  it('[UI2] Bengali has every English string, and no other', () => {
    const enBases = new Set([...enKeys.keys()].map(base));
    const bnBases = new Set([...bnKeys.keys()].map(base));
    expect([...enBases].filter((k) => !bnBases.has(k))).toEqual([]);
    expect([...bnBases].filter((k) => !enBases.has(k))).toEqual([]);
  });

  it('[UI2] every plural has the forms each language needs', () => {
    for (const [lang, keys] of [
      ['en', enKeys],
      ['bn', bnKeys],
    ] as const) {
      const cardinal = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
      const ordinal = new Intl.PluralRules(lang, { type: 'ordinal' }).resolvedOptions()
        .pluralCategories;
      const plurals = new Set([...keys.keys()].filter((k) => pluralSuffix.test(k)).map(base));
      for (const key of plurals) {
        const isOrdinal = keys.has(`${key}_ordinal_other`);
        for (const form of isOrdinal ? ordinal : cardinal) {
          const name = isOrdinal ? `${key}_ordinal_${form}` : `${key}_${form}`;
          expect(keys.has(name), `${lang}: ${name}`).toBe(true);
        }
      }
    }
  });

  it('[UI2] translations keep the placeholders of the English text', () => {
    for (const [key, text] of enKeys) {
      const match = bnKeys.get(key) ?? bnKeys.get(`${base(key)}_other`);
      if (match === undefined) continue;
      const want = placeholders(text).filter((p) => p !== 'count');
      for (const p of want) expect(placeholders(match), `bn: ${key}`).toContain(p);
    }
  });

  it('[UI2] Bengali is marked as needing a native speaker’s review', () => {
    expect(flatten(bnTree).get('_meta.needsReview')).toMatch(/review/);
  });
});

describe('the default namespace in two files', () => {
  it("[LIGHT4] the phones' strings and the staff screens' strings never share a key", () => {
    for (const [own, staff] of [
      [en, staffEn],
      [bn, staffBn],
    ] as const) {
      const shared = Object.keys(staff).filter((k) => k !== '_meta' && k in own);
      expect(shared).toEqual([]);
    }
  });
});
