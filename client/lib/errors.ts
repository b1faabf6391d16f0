import type { TFunction } from 'i18next';
import { currentLanguage } from '../i18n/index.ts';
import type { Reason } from '../../shared/protocol/reasons.ts';
import type { ProblemBody } from './api.ts';

const clientCodes: ReadonlySet<string> = new Set(['NETWORK', 'TIMEOUT', 'OFFLINE', 'BAD_RESPONSE']);

/**
 * The shared schemas write their messages in English. The known ones are translated here so a
 * Bengali speaker does not meet English in the middle of a form; anything else is shown as sent.
 */
const patterns: { re: RegExp; key: string }[] = [
  { re: /^Required$/, key: 'validation.required' },
  { re: /^At most (\d+) characters$/, key: 'validation.maxChars' },
  { re: /^At least (\d+) characters$/, key: 'validation.minChars' },
  { re: /^Not an email address$/, key: 'validation.email' },
  { re: /^At most (\d+) options$/, key: 'validation.maxOptions' },
  { re: /^At least two options$/, key: 'validation.twoOptions' },
  { re: /^At most (\d+) activities$/, key: 'validation.maxActivities' },
  { re: /^At most (\d+) groups$/, key: 'validation.maxGroups' },
  { re: /^At least one group$/, key: 'validation.oneGroup' },
  { re: /^Group keys must be unique$/, key: 'validation.groupKeysUnique' },
  { re: /^A new group needs a name$/, key: 'validation.groupNeedsName' },
  { re: /^Dots per option cannot exceed dots per person$/, key: 'validation.dotsPerOption' },
  { re: /^A date and time like/, key: 'validation.dateTime' },
  { re: /^Not a real date$/, key: 'validation.realDate' },
  { re: /^Contains characters that are not allowed$/, key: 'validation.badCharacters' },
  { re: /^An activity appears twice$/, key: 'validation.duplicateActivity' },
  { re: /^Lower-case letters, digits and dashes$/, key: 'validation.groupKey' },
  { re: /^Too small: expected \w+ to be >=\s*(\d+)/, key: 'validation.atLeast' },
  { re: /^Too big: expected \w+ to be <=\s*(\d+)/, key: 'validation.atMost' },
  { re: /expected (int|number), received/i, key: 'validation.wholeNumber' },
];

export function translateMessage(t: TFunction, message: string): string {
  for (const { re, key } of patterns) {
    const m = re.exec(message);
    if (m) return t(key, { count: m[1] === undefined ? 0 : Number(m[1]) });
  }
  return message;
}

/** Field errors keyed like "agenda.2.title", translated. */
export function translateFields(
  t: TFunction,
  fields: Record<string, string> | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, message] of Object.entries(fields ?? {}))
    out[key] = translateMessage(t, message);
  return out;
}

/**
 * A refusal's reason in the reader's language (LANG1): the code picks the sentence, its
 * parameters fill it in. Numbers also go in as `count` so a sentence can agree with its number.
 */
export function reasonText(t: TFunction, reason: Reason, otherwise?: string): string {
  const params: Record<string, string | number> = { ...reason.params };
  const firstNumber = Object.values(reason.params).find((v) => typeof v === 'number');
  if (firstNumber !== undefined) params.count = firstNumber;
  if (reason.code === 'NOT_FOUND') {
    params.thing = t(`things.${reason.params.thing}`, { ns: 'reasons' });
  }
  // The sentences come a moment after the first screen (loadReasonStrings); a refusal met
  // before them is said by its coarse code.
  return t(`reasons.${reason.code}`, {
    ...params,
    ns: 'reasons',
    ...(otherwise === undefined ? {} : { defaultValue: otherwise }),
  });
}

/**
 * A sentence for a failed request. `overrides` lets a page say something more precise for a code
 * it expects (a wrong password is not "you are not signed in").
 */
export function problemText(
  t: TFunction,
  problem: ProblemBody,
  overrides: Partial<Record<ProblemBody['code'], string>> = {},
): string {
  const special = overrides[problem.code];
  if (special) return special;
  if (problem.code === 'RATE_LIMITED') {
    return t('errors.RATE_LIMITED', {
      count: Math.max(1, Math.ceil(problem.retryAfterSeconds ?? 30)),
    });
  }
  if (problem.code === 'BAD_REQUEST' && problem.fields && Object.keys(problem.fields).length > 0) {
    return t('errors.fields');
  }
  // A refusal says why as a code, said from the catalogue in the reader's language (LANG1).
  if (problem.reason) return reasonText(t, problem.reason, t(`errors.${problem.code}`));
  // An answer with no reason (an older server, a proxy): English readers get the server's own
  // words, other languages the translated line for the coarse code, never English mid-page.
  const fromServer = !clientCodes.has(problem.code) && problem.message.trim() !== '';
  if (fromServer && currentLanguage() === 'en') return problem.message;
  return t(`errors.${problem.code}`);
}
