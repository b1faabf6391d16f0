import { z } from 'zod';

/**
 * Languages the interface ships in. `reviewed: false` means a native speaker has not yet checked
 * the catalogue; the language picker says so, so nobody mistakes a draft for a checked text.
 */
export const languages = [
  { code: 'en', name: 'English', dir: 'ltr', reviewed: true },
  { code: 'bn', name: 'বাংলা', dir: 'ltr', reviewed: false },
] as const;

export const LanguageSchema = z.enum(['en', 'bn']);
export type Language = z.infer<typeof LanguageSchema>;

export function languageDir(code: string): 'ltr' | 'rtl' {
  return languages.find((l) => l.code === code)?.dir ?? 'ltr';
}
