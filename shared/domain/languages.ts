import * as z from 'zod/mini';

/**
 * Languages the interface ships in. `reviewed: false` means a native speaker has not yet checked
 * the catalogue; the language picker says so, so nobody mistakes a draft for a checked text.
 */
export const languages = [
  { code: 'en', name: 'English', dir: 'ltr', reviewed: true, locale: 'en-GB' },
  { code: 'bn', name: 'বাংলা', dir: 'ltr', reviewed: false, locale: 'bn-BD' },
  { code: 'so', name: 'Soomaali', dir: 'ltr', reviewed: false, locale: 'so-SO' },
  { code: 'ur', name: 'اردو', dir: 'rtl', reviewed: false, locale: 'ur-PK' },
  { code: 'ar', name: 'العربية', dir: 'rtl', reviewed: false, locale: 'ar' },
  { code: 'pl', name: 'Polski', dir: 'ltr', reviewed: false, locale: 'pl-PL' },
] as const;

export const LanguageSchema = z.enum(['en', 'bn', 'so', 'ur', 'ar', 'pl']);
export type Language = z.infer<typeof LanguageSchema>;

export function languageDir(code: string): 'ltr' | 'rtl' {
  return languages.find((l) => l.code === code)?.dir ?? 'ltr';
}

/**
 * The locale dates and numbers are written in for a language: a UK council's English is en-GB
 * ("3 Dec 2026, 18:30"), not the US form Intl picks for a bare `en`.
 */
export function localeOf(code: string): string {
  return languages.find((l) => l.code === code)?.locale ?? code;
}

/** The cookie that carries a person's chosen language, so the server sees it too (LIGHT8). */
export const LANGUAGE_COOKIE = 'rt_lang';

function isLanguage(code: string | null | undefined): code is Language {
  return LanguageSchema.safeParse(code).success;
}

/**
 * The language a page shows. One named in the address wins (`?lang=bn`: a projector has no picker
 * of its own); then the person's remembered choice; then the first of the browser's languages we
 * have; otherwise English. The client decides with it as it starts, and the server as it serves
 * the page, to name that language's catalogues in it (LIGHT8): both must pick the same.
 */
export function pickLanguage(from: {
  asked: string | null | undefined;
  stored: string | null | undefined;
  /** The browser's languages, most wanted first (`navigator.languages`, or Accept-Language). */
  preferred: readonly string[];
}): Language {
  if (isLanguage(from.asked)) return from.asked;
  if (isLanguage(from.stored)) return from.stored;
  for (const tag of from.preferred) {
    const base = tag.trim().toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'en';
}

/**
 * The catalogues every page loads before it first draws (client/i18n/index.ts): the join and
 * participant screens' strings, and "feedback" for the optional steps after joining.
 */
export const firstScreenNamespaces = ['translation', 'feedback'] as const;

/** A catalogue's file in client/i18n: `en.json` for the default namespace, `feedback.en.json`. */
export function catalogueFile(lng: string, ns: string): string {
  return ns === 'translation' ? `${lng}.json` : `${ns}.${lng}.json`;
}
