import type { Language } from '../../../../shared/domain/languages.ts';
import { bn } from './bn.ts';
import { en } from './en.ts';
import type { Phrases } from './types.ts';

/** One file per language, so a translator works on one file and languages merge without clashes. */
export const phrases: Record<Language, Phrases> = { en, bn };
