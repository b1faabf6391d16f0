import { z } from 'zod';
import { checkSentences } from './checkSentences.ts';
import { keyedPartialRecord, keyedRecord } from './keyedRecord.ts';
import { LanguageSchema, type Language } from './languages.ts';
import { limits } from './limits.ts';
import { paragraph } from './text.ts';

/**
 * A workshop's phrasebook (LANG11): for each language, the facilitator's own texts (title,
 * purpose, activity titles and prompts, vote options, café questions) by their exact original,
 * each with its translation. Keyed by the text, not by where it appears, so a vote option is
 * found however it got into the vote, and an edited original simply misses and shows as written.
 */
export type Translations = Partial<Record<Language, Record<string, string>>>;

const text = paragraph(limits.translationTextMax).check(z.minLength(1, checkSentences.required));

const phrases = keyedRecord(z.string(), text).check(
  z.superRefine((map: Record<string, string>, ctx) => {
    const keys = Object.keys(map);
    if (keys.length > limits.translationsPerLanguageMax) {
      ctx.addIssue({
        code: 'too_big',
        origin: 'array',
        maximum: limits.translationsPerLanguageMax,
        inclusive: true,
        input: keys,
      });
    }
    // The original is the key: it must be something a schema would have let the facilitator write.
    for (const key of keys) {
      const checked = text.safeParse(key);
      if (!checked.success) {
        const [first] = checked.error.issues;
        if (first) ctx.addIssue({ ...first, path: [key] });
      } else if (checked.data !== key) {
        // Originals are stored trimmed: one with spaces at its ends could never be looked up.
        ctx.addIssue({
          code: 'custom',
          message: 'An original is never stored untrimmed',
          path: [key],
        });
      }
    }
  }),
);

/**
 * What a facilitator sends. Six languages less the workshop's own make at most five; that the
 * workshop's own is left out is checked where both are known (`intoOwnLanguage`).
 */
export const TranslationsSchema = keyedPartialRecord(LanguageSchema, phrases);

/** Whether a phrasebook translates into the workshop's own language: text nobody would see. */
export function intoOwnLanguage(language: Language, translations: Translations): boolean {
  return translations[language] !== undefined;
}
