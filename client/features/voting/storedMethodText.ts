import type { TFunction } from 'i18next';
import { methodDescription, type VoteKind } from '../../../shared/domain/voting.ts';

/**
 * A counting method as a stored outcome names it (an English sentence, kept as it was said), in
 * the reader's language. The sentence is recognised by saying it again from the kind and its
 * number; one that is not recognised is shown as it is.
 */
export function storedMethodText(t: TFunction, language: string, method: string): string {
  if (language === 'en') return method;
  const n = Number(/\d+/.exec(method)?.[0] ?? Number.NaN);
  const kinds: VoteKind[] = ['dot', 'single', 'approval', 'ranking', 'points'];
  for (const kind of kinds) {
    if (methodDescription(kind, { rankTopK: n, pointsTotal: n }) === method) {
      return t(`method.${kind}`, { k: n, total: n });
    }
  }
  return method;
}
