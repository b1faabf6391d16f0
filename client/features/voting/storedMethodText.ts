import type { TFunction } from '../../i18n/translator.ts';
import type { Counting } from '../../../shared/domain/voting.ts';

/**
 * A saved vote's counting method in the reader's language, from its kind and figure (LANG4). An
 * outcome saved with none (from before codes, not one migration 017 could name) shows the English
 * it kept.
 */
export function storedMethodText(
  t: TFunction,
  saved: { method: string; counting?: Counting | undefined },
): string {
  const c = saved.counting;
  if (!c) return saved.method;
  return t(`method.${c.kind}`, { k: c.rankTopK ?? 3, total: c.pointsTotal ?? 100 });
}
