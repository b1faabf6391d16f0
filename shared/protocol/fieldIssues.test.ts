import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AgendaInputSchema } from '../domain/activity.ts';
import { checkSentences } from '../domain/checkSentences.ts';
import { GroupListSchema } from '../domain/groups.ts';
import { line } from '../domain/text.ts';
import { ErrorBodySchema } from './ack.ts';
import { fieldIssues } from './fieldIssues.ts';
import { ReferenceProfileSchema } from './reach.ts';

const issuesOf = (schema: z.core.$ZodType, value: unknown) => {
  const result = z.safeParse(schema, value);
  if (result.success) throw new Error('expected a refusal');
  return fieldIssues(result.error);
};

describe('field issues (LANG3)', () => {
  it('[LANG3] each of our sentences comes back as its own code', () => {
    for (const [code, sentence] of Object.entries(checkSentences)) {
      const schema = z.string().refine(() => false, sentence);
      expect(issuesOf(schema, 'x')).toEqual({ _: { code } });
    }
  });

  it('[LANG3] limits come from zod’s issue, not its English', () => {
    expect(issuesOf(z.object({ name: line(40, 1) }), { name: '' })).toEqual({
      name: { code: 'required' },
    });
    expect(issuesOf(z.object({ name: line(40, 3) }), { name: 'ab' })).toEqual({
      name: { code: 'minChars', limit: 3 },
    });
    expect(issuesOf(z.object({ n: z.int().min(2).max(9) }), { n: 12 })).toEqual({
      n: { code: 'atMost', limit: 9 },
    });
    expect(issuesOf(z.object({ n: z.int().min(2) }), { n: 1 })).toEqual({
      n: { code: 'atLeast', limit: 2 },
    });
    expect(issuesOf(z.object({ n: z.int() }), { n: 1.5 })).toEqual({ n: { code: 'wholeNumber' } });
    const agenda = Array.from({ length: 41 }, () => ({ kind: 'idea_board', title: 'A board' }));
    expect(issuesOf(z.object({ agenda: AgendaInputSchema }), { agenda })).toEqual({
      agenda: { code: 'maxActivities', limit: 40 },
    });
    expect(issuesOf(GroupListSchema, [])).toEqual({ _: { code: 'oneGroup' } });
  });

  it('[LANG3] a figure the sentence needs travels with the code', () => {
    const rows = [
      { question: 'age', answer: '16_24', share: 0.8 },
      { question: 'age', answer: '25_34', share: 0.5 },
    ];
    const issues = issuesOf(ReferenceProfileSchema, { rows });
    expect(Object.values(issues)).toContainEqual({ code: 'sharesOver100', found: 130 });
  });

  it('[LANG3] a code this client does not know reads as "not accepted", and the answer still parses', () => {
    const body = ErrorBodySchema.parse({
      code: 'BAD_REQUEST',
      message: 'Some fields need attention',
      issues: { title: { code: 'somethingNew', limit: 3 } },
    });
    expect(body.issues).toEqual({ title: { code: 'invalid' } });
  });
});
