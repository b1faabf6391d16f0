import type { TFunction } from '../i18n/translator.ts';
import { currentLanguage } from '../i18n/index.ts';
import type * as z from 'zod/mini';
import { fieldIssue, type FieldIssue } from '../../shared/protocol/fieldIssues.ts';
import { checkKey } from './checkKey.ts';
import type { Reason } from '../../shared/protocol/reasons.ts';
import type { ProblemBody } from './api.ts';

const clientCodes: ReadonlySet<string> = new Set(['NETWORK', 'TIMEOUT', 'OFFLINE', 'BAD_RESPONSE']);

/** A field's problem in the reader's language, from its code and limit (LANG3). */
export function issueText(t: TFunction, issue: FieldIssue): string {
  return t(checkKey(issue.code), {
    count: issue.limit ?? 0,
    found: issue.found,
    defaultValue: t('validation.invalid'),
  });
}

/** The first problem a schema found, said in the reader's language. */
export function firstIssueText(t: TFunction, error: z.core.$ZodError): string {
  const [first] = error.issues;
  return issueText(t, first ? fieldIssue(first) : { code: 'required' });
}

/** Field problems keyed like "agenda.2.title", each said in the reader's language. */
export function translateFields(
  t: TFunction,
  issues: Record<string, FieldIssue> | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, issue] of Object.entries(issues ?? {})) out[key] = issueText(t, issue);
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
  if (problem.code === 'BAD_REQUEST' && problem.issues && Object.keys(problem.issues).length > 0) {
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
