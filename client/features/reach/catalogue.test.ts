import { describe, expect, it } from 'vitest';
import bn from '../../i18n/reach.bn.json';
import en from '../../i18n/reach.en.json';
import { equalityQuestions } from '../../../shared/domain/equality.ts';

type Tree = { [key: string]: string | Tree };

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

const enKeys = flatten(en as Tree);
const bnKeys = flatten(bn as Tree);
bnKeys.delete('_meta.needsReview');

describe('reach catalogues', () => {
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

  it('[UI2] is marked as needing a native speaker’s review', () => {
    expect(bn._meta.needsReview).toMatch(/review/);
  });
});

describe('reach catalogue and the questions', () => {
  it('[REC12] every question and answer of the catalogue has words in both languages', () => {
    for (const q of equalityQuestions) {
      for (const keys of [enKeys, bnKeys]) {
        expect(keys.has(`questions.${q.key}.question`), q.key).toBe(true);
        expect(keys.has(`questions.${q.key}.label`), q.key).toBe(true);
        for (const o of q.options) {
          expect(keys.has(`answers.${q.key}.${o.key}`), `${q.key}.${o.key}`).toBe(true);
          expect(keys.has(`people.${q.key}.${o.key}`), `${q.key}.${o.key}`).toBe(true);
        }
      }
    }
  });
});
