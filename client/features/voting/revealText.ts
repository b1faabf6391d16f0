import type { TFunction } from '../../i18n/translator.ts';
import type { Ballot, Results } from '../../../shared/domain/voting.ts';
import { placeText } from './places.ts';

/** The options a ballot gave something to, what it gave most (or ranked first) first. */
export function myChoiceIds(ballot: Ballot | null): string[] {
  if (!ballot) return [];
  const byAmount = (amounts: Record<string, number>) =>
    Object.entries(amounts)
      .filter(([, n]) => n > 0)
      .sort((a, b) => b[1] - a[1])
      .map(([id]) => id);
  switch (ballot.kind) {
    case 'dot':
      return byAmount(ballot.dots);
    case 'points':
      return byAmount(ballot.points);
    case 'single':
      return [ballot.choice];
    case 'approval':
      return [...ballot.choices];
    case 'ranking':
      return [...ballot.order];
  }
}

/** More than this many of one's own choices would make the sentence a list nobody follows. */
const MOST_CHOICES_SAID = 3;

/**
 * What a phone says when the results are revealed (A11Y-SAY2): that they are in, and where the
 * person's own choices came ("Youth club: 1st"), so nobody has to hunt through the table for them.
 */
export function revealSentence(t: TFunction, results: Results, ballot: Ballot | null): string {
  const places = myChoiceIds(ballot)
    .map((id) => results.rows.find((r) => r.optionId === id))
    .filter((row) => row !== undefined)
    .slice(0, MOST_CHOICES_SAID)
    .map((row) => t('results.placeOf', { label: row.label, place: placeText(t, row) }));
  const arrived = t('results.arrived');
  if (places.length === 0) return arrived;
  return `${arrived} ${t('results.yourChoices', { count: places.length, places: places.join('; ') })}`;
}
