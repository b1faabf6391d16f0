import type { TFunction } from 'i18next';
import type { Cell } from '../../../shared/protocol/reach.ts';

/** A published number in words: the count, "fewer than 5", or "hidden". */
export function cellText(t: TFunction<'reach'>, cell: Cell): string {
  if (cell.kind === 'count') return String(cell.value);
  return cell.kind === 'fewer' ? t('report.fewer') : t('report.hidden');
}
