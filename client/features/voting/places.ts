import type { TFunction } from '../../i18n/translator.ts';
import type { ResultRow } from '../../../shared/domain/voting.ts';

/**
 * "1st", "Tied for 2nd"; an option nothing was given to has no place (before anyone votes every
 * option would otherwise be "tied for 1st").
 */
export function placeText(t: TFunction, row: ResultRow) {
  if (!isPlaced(row)) return t('results.unplaced');
  const place = t('results.place', { count: row.rank, ordinal: true });
  return row.tied ? t('results.tiedFor', { place }) : place;
}

/** Whether the option got anything at all, on a phone or on paper. */
export function isPlaced(row: ResultRow): boolean {
  return row.score > 0;
}
