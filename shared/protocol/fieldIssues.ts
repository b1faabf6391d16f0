import * as z from 'zod/mini';
import { checkSentences } from '../domain/checkSentences.ts';
import { keyedRecord } from '../domain/keyedRecord.ts';

export { checkSentences };

type SentenceCode = keyof typeof checkSentences;

/** Checks whose sentence depends on a limit: zod says which limit in the issue itself. */
const measuredCodes = [
  'maxChars',
  'minChars',
  'maxOptions',
  'maxActivities',
  'maxGroups',
  'maxItems',
  'minItems',
  'atLeast',
  'atMost',
  'wholeNumber',
  'invalid',
] as const;

export const fieldCheckCodes = [
  ...(Object.keys(checkSentences) as SentenceCode[]),
  ...measuredCodes,
] as const;
export type FieldCheck = (typeof fieldCheckCodes)[number];

/** One field's problem: what is wrong, and the limit or figure the sentence needs. */
export const FieldIssueSchema = z.catch(
  z.object({
    code: z.enum(fieldCheckCodes as unknown as [FieldCheck, ...FieldCheck[]]),
    limit: z.optional(z.number()),
    /** The figure found, where saying it helps (a total share of 103.5%). */
    found: z.optional(z.number()),
  }),
  // A code this client does not know yet (a newer server) still reads as "not accepted".
  { code: 'invalid' },
);
export type FieldIssue = z.infer<typeof FieldIssueSchema>;

export const FieldIssuesSchema = keyedRecord(z.string(), FieldIssueSchema);

const byText = new Map<string, SentenceCode>(
  Object.entries(checkSentences).map(([code, text]) => [text, code as SentenceCode]),
);

/** Arrays are named by their field: an agenda's items are activities. */
const itemsOf: Record<string, 'maxOptions' | 'maxActivities' | 'maxGroups'> = {
  options: 'maxOptions',
  questions: 'maxOptions',
  agenda: 'maxActivities',
  groups: 'maxGroups',
};

function lastName(path: readonly PropertyKey[]): string {
  for (let i = path.length - 1; i >= 0; i--)
    if (typeof path[i] === 'string') return String(path[i]);
  return '';
}

/** A zod issue as a code with its limit; never reads zod's own English. */
export function fieldIssue(issue: z.core.$ZodIssue): FieldIssue {
  const ours = byText.get(issue.message);
  if (ours) {
    const found = issue.code === 'custom' ? issue.params?.found : undefined;
    return typeof found === 'number' ? { code: ours, found } : { code: ours };
  }
  switch (issue.code) {
    case 'too_big': {
      const limit = Number(issue.maximum);
      if (issue.origin === 'string') return { code: 'maxChars', limit };
      if (issue.origin === 'array' || issue.origin === 'set')
        return { code: itemsOf[lastName(issue.path)] ?? 'maxItems', limit };
      return { code: 'atMost', limit: issue.inclusive ? limit : limit - 1 };
    }
    case 'too_small': {
      const limit = Number(issue.minimum);
      if (issue.origin === 'string')
        return limit <= 1 ? { code: 'required' } : { code: 'minChars', limit };
      if (issue.origin === 'array' || issue.origin === 'set') return { code: 'minItems', limit };
      return { code: 'atLeast', limit: issue.inclusive ? limit : limit + 1 };
    }
    case 'invalid_type':
      // A number field with a fraction or words in it; anything else missing is "required".
      return issue.expected === 'number' || issue.expected === 'int'
        ? { code: 'wholeNumber' }
        : { code: 'required' };
    case 'invalid_format':
      return issue.format === 'email' ? { code: 'email' } : { code: 'invalid' };
    default:
      return { code: 'invalid' };
  }
}

function pathKey(issue: z.core.$ZodIssue): string {
  return issue.path.map(String).join('.') || '_';
}

/** Turns zod issues into `{ "agenda.2.title": { code: "maxChars", limit: 120 } }` for a form. */
export function fieldIssues(error: z.core.$ZodError): Record<string, FieldIssue> {
  const out: Record<string, FieldIssue> = {};
  for (const issue of error.issues) {
    const key = pathKey(issue);
    if (!(key in out)) out[key] = fieldIssue(issue);
  }
  return out;
}

/** The same in English, for API readers who do not translate (the `fields` of an error body). */
export function fieldErrors(error: z.core.$ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = pathKey(issue);
    if (!(key in out)) out[key] = issue.message;
  }
  return out;
}
