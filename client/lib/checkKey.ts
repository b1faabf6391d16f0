import type { FieldCheck } from '../../shared/protocol/fieldIssues.ts';

/**
 * Checks only staff forms make: their sentences come with the staff catalogues (`checks.*`), so
 * a phone does not download them; the rest are the phone's own (`validation.*`).
 */
const staffChecks: ReadonlySet<FieldCheck> = new Set<FieldCheck>([
  'reservedName',
  'tableTarget',
  'date',
  'endBeforeStart',
  'explanationRequired',
  'keyNotAllowed',
  'notAnAnswer',
  'listedTwice',
  'sharesOver100',
  'ownLanguage',
  'maxItems',
  'minItems',
]);

/** The catalogue key of a field check's sentence (LANG3). */
export function checkKey(code: FieldCheck): string {
  return staffChecks.has(code) ? `checks.${code}` : `validation.${code}`;
}
