import { describe, expect, it } from 'vitest';
import { fieldIssues } from '../protocol/fieldIssues.ts';
import { limits } from './limits.ts';
import { TranslationsSchema } from './translations.ts';
import { UpdateWorkshopSchema } from './workshop.ts';

function issuesOf(input: unknown) {
  const parsed = UpdateWorkshopSchema.safeParse(input);
  return parsed.success ? {} : fieldIssues(parsed.error);
}

describe('a workshop’s phrasebook', () => {
  it('[LANG11] takes translations by their original, trimmed', () => {
    const parsed = TranslationsSchema.parse({ bn: { Housing: '  আবাসন ' }, pl: {} });
    expect(parsed).toEqual({ bn: { Housing: 'আবাসন' }, pl: {} });
  });

  it('[LANG11] refuses a language the interface does not have', () => {
    expect(TranslationsSchema.safeParse({ fr: { Housing: 'Logement' } }).success).toBe(false);
  });

  it('[LANG11] refuses an empty translation or original, with a code', () => {
    expect(issuesOf({ translations: { bn: { Housing: '  ' } } })).toEqual({
      'translations.bn.Housing': { code: 'required' },
    });
    expect(issuesOf({ translations: { bn: { ' ': 'আবাসন' } } })).toEqual({
      'translations.bn. ': { code: 'required' },
    });
    // An original no schema would have kept as it is (untrimmed) could never be looked up.
    expect(issuesOf({ translations: { bn: { ' Housing': 'আবাসন' } } })).toEqual({
      'translations.bn. Housing': { code: 'invalid' },
    });
    expect(issuesOf({ translations: { bn: { ['x'.repeat(2001)]: 'y' } } })).toEqual({
      [`translations.bn.${'x'.repeat(2001)}`]: { code: 'maxChars', limit: 2000 },
    });
  });

  it('[LANG11] refuses more entries than a language may have, and texts too long', () => {
    const many = Object.fromEntries(
      Array.from({ length: limits.translationsPerLanguageMax + 1 }, (_, i) => [`Option ${i}`, 'x']),
    );
    expect(issuesOf({ translations: { pl: many } })).toEqual({
      'translations.pl': { code: 'maxItems', limit: limits.translationsPerLanguageMax },
    });
    const long = 'a'.repeat(limits.translationTextMax + 1);
    expect(issuesOf({ translations: { pl: { Housing: long } } })).toEqual({
      'translations.pl.Housing': { code: 'maxChars', limit: limits.translationTextMax },
    });
    // The longest text a facilitator may write can be translated.
    expect(limits.translationTextMax).toBeGreaterThanOrEqual(
      Math.max(
        limits.workshopPurposeMax,
        limits.activityPromptMax,
        limits.optionTextMax,
        limits.workshopTitleMax,
      ),
    );
  });

  it('[LANG11] refuses translations into the workshop’s own language, with a code', () => {
    expect(issuesOf({ language: 'bn', translations: { bn: { Housing: 'আবাসন' } } })).toEqual({
      'translations.bn': { code: 'ownLanguage' },
    });
    expect(issuesOf({ language: 'en', translations: { bn: { Housing: 'আবাসন' } } })).toEqual({});
  });

  it('[SEC8] refuses originals that name object internals', () => {
    const bad = JSON.parse('{"bn": {"__proto__": "x", "Housing": "আবাসন"}}') as unknown;
    expect(TranslationsSchema.safeParse(bad).success).toBe(false);
    expect(TranslationsSchema.safeParse({ bn: { constructor: 'x' } }).success).toBe(false);
  });
});
