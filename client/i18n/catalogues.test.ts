import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { languages } from '../../shared/domain/languages.ts';

type Tree = { [key: string]: string | Tree };

/**
 * Every catalogue file in this folder, by language: `en.json`/`bn.json` hold the default
 * namespace's phone strings, `<namespace>.<lang>.json` the rest (client/i18n/index.ts). Read from
 * disk, so a language whose files are added here is checked without touching this test.
 */
const dir = path.dirname(new URL(import.meta.url).pathname);
const byLanguage = new Map<string, Map<string, Tree>>();
for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
  const m = /^(?:(\w+)\.)?(\w+)\.json$/.exec(file);
  if (!m) throw new Error(`unexpected catalogue file name ${file}`);
  const [ns, lang] = [m[1] ?? 'translation', m[2]!];
  if (!byLanguage.has(lang)) byLanguage.set(lang, new Map());
  byLanguage.get(lang)!.set(ns, JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Tree);
}
const english = byLanguage.get('en')!;
const others = [...byLanguage.keys()].filter((l) => l !== 'en').sort();

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

describe('the languages', () => {
  it('[UI2] every language the picker offers has every catalogue, and no catalogue is orphaned', () => {
    const registered = languages.map((l) => l.code as string).sort();
    expect([...byLanguage.keys()].sort()).toEqual(registered);
    for (const lang of others)
      expect([...byLanguage.get(lang)!.keys()].sort(), lang).toEqual([...english.keys()].sort());
  });

  it('[UI2] a draft is marked in its catalogue and in the picker, a reviewed one in neither', () => {
    for (const l of languages as readonly { code: string; reviewed: boolean }[]) {
      if (l.code === 'en') continue;
      const note = flatten(byLanguage.get(l.code)?.get('translation') ?? {}).get(
        '_meta.needsReview',
      );
      if (l.reviewed) expect(note, l.code).toBeUndefined();
      else expect(note, l.code).toMatch(/review/);
    }
  });
});

describe.each(others)('the %s catalogues', (lang) => {
  describe.each([...english.keys()].sort())('namespace %s', (ns) => {
    const enKeys = withoutMeta(flatten(english.get(ns)!));
    const theirs = withoutMeta(flatten(byLanguage.get(lang)!.get(ns) ?? {}));

    it('[UI2] has every English string, and no other', () => {
      const enBases = new Set([...enKeys.keys()].map(base));
      const bases = new Set([...theirs.keys()].map(base));
      expect([...enBases].filter((k) => !bases.has(k))).toEqual([]);
      expect([...bases].filter((k) => !enBases.has(k))).toEqual([]);
    });

    it('[UI2] every plural has exactly the forms the language needs (CLDR, through Intl.PluralRules)', () => {
      for (const [code, keys] of [
        ['en', enKeys],
        [lang, theirs],
      ] as const) {
        const cardinal = new Intl.PluralRules(code).resolvedOptions().pluralCategories;
        const ordinal = new Intl.PluralRules(code, { type: 'ordinal' }).resolvedOptions()
          .pluralCategories;
        const plurals = new Set([...keys.keys()].filter((k) => pluralSuffix.test(k)).map(base));
        for (const key of plurals) {
          const isOrdinal = keys.has(`${key}_ordinal_other`);
          const forms = (isOrdinal ? ordinal : cardinal).map((f) =>
            isOrdinal ? `${key}_ordinal_${f}` : `${key}_${f}`,
          );
          for (const name of forms) expect(keys.has(name), `${code}: ${name}`).toBe(true);
          const present = [...keys.keys()].filter(
            (k) => base(k) === key && k !== key && pluralSuffix.test(k),
          );
          // A form the language never selects is dead text a translator would polish for nothing.
          // `_zero` is i18next's own: said for a count of 0 in every language when present.
          const used = [...forms, `${key}_zero`];
          for (const name of present)
            expect(used, `${code}: ${name} is never used`).toContain(name);
        }
      }
    });

    it('[UI2] keeps the placeholders of the English text, and adds none', () => {
      for (const [key, text] of enKeys) {
        const forms = [...theirs].filter(([k]) => k === key || base(k) === base(key));
        const want = placeholders(text).filter((p) => p !== 'count');
        for (const [k, match] of forms) {
          for (const p of want) expect(placeholders(match), `${lang}: ${k}`).toContain(p);
          const known = new Set([...placeholders(text), 'count']);
          for (const p of placeholders(match))
            expect(known.has(p), `${lang}: ${k} {{${p}}}`).toBe(true);
        }
      }
    });
  });
});

describe('the default namespace in two files', () => {
  it("[LIGHT4] the phones' strings and the staff screens' strings never share a key", () => {
    for (const [lang, files] of byLanguage) {
      const own = files.get('translation') ?? {};
      const staff = files.get('staff') ?? {};
      const shared = Object.keys(staff).filter((k) => k !== '_meta' && k in own);
      expect(shared, lang).toEqual([]);
    }
  });
});
