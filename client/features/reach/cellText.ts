import type { TFunction } from '../../i18n/translator.ts';
import type { Cell } from '../../../shared/protocol/reach.ts';

/** A published number in words: the count, "fewer than 5", or "hidden". */
export function cellText(t: TFunction, cell: Cell): string {
  if (cell.kind === 'count') return String(cell.value);
  return cell.kind === 'fewer' ? t('report.fewer') : t('report.hidden');
}
