import type { TFunction } from '../../i18n/translator.ts';
import { localeOf } from '../../../shared/domain/languages.ts';
import type { ErasureResult } from '../../../shared/protocol/reach.ts';

type Counts = Pick<ErasureResult, 'notes' | 'ballots' | 'commitments' | 'cafeSeats'>;

/** "1 note, 2 votes, 0 commitments and 1 café seat": each count in its language's plural form. */
export function countsText(t: TFunction, language: string, c: Counts): string {
  const parts = (['notes', 'ballots', 'commitments', 'cafeSeats'] as const).map((k) =>
    t(`erase.count.${k}`, { count: c[k] }),
  );
  return new Intl.ListFormat(localeOf(language), { type: 'conjunction' }).format(parts);
}
