import type { Language } from '../../../../shared/domain/languages.ts';
import { ar } from './ar.ts';
import { bn } from './bn.ts';
import { en } from './en.ts';
import { pl } from './pl.ts';
import { so } from './so.ts';
import type { Phrases } from './types.ts';
import { ur } from './ur.ts';

/** One file per language, so a translator works on one file and languages merge without clashes. */
export const phrases: Record<Language, Phrases> = { en, bn, so, ur, ar, pl };
