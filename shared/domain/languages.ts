import { z } from 'zod';

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
