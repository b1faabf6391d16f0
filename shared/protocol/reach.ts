import { z } from 'zod';
import { keyedRecord } from '../domain/keyedRecord.ts';
import { PREFER_NOT, answerKeys, questionKeys, type QuestionKey } from '../domain/equalityKeys.ts';
import { line } from '../domain/text.ts';
import { checkSentences } from '../domain/checkSentences.ts';

/**
 * Reach monitoring and data protection over REST (REC12-REC14): the "about you" answers a phone
 * sends, the reach report facilitators read, the borough's reference profile, erasure on request
 * and the record's audit log.
 */

// What a phone sends lives apart, so a phone's bundle carries none of the rest.
export { AboutYouSchema, type AboutYouInput } from './participantRest.ts';

// ------------------------------------------------------------------ the reach report (REC13)

/**
 * One published number. "fewer": below 5, shown as "fewer than 5". "hidden": 5 or more, hidden
 * because showing it would let a small number be worked out from the totals.
 */
export const CellSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('count'), value: z.int().min(5) }),
  z.object({ kind: z.literal('fewer') }),
  z.object({ kind: z.literal('hidden') }),
]);
export type Cell = z.infer<typeof CellSchema>;

/** A share of the people compared: exact when the count is shown, an upper bound when "fewer". */
export const ShareSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('percent'), value: z.number() }),
  z.object({ kind: z.literal('under'), value: z.number() }),
]);
export type Share = z.infer<typeof ShareSchema>;

export const ReachRowSchema = z.object({
  answer: z.string(),
  label: z.string(),
  /** Everyone who gave this answer. */
  count: CellSchema,
  byGroup: keyedRecord(z.string(), CellSchema),
  /** Share among the people compared (see `comparedWith`), of all who answered; null if it cannot be shown. */
  here: ShareSchema.nullable(),
  /** Share of the borough's residents, from the reference profile; null without a row. */
  borough: z.number().nullable(),
});
export type ReachRow = z.infer<typeof ReachRowSchema>;

export const ReachQuestionSchema = z.object({
  question: z.string(),
  label: z.string(),
  /**
   * Whose answers the `here` shares are of: residents when that group's total can be shown,
   * else everyone who answered.
   */
  comparedWith: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('group'), key: z.string() }),
    z.object({ kind: z.literal('everyone') }),
  ]),
  /** How many answered this question ("prefer not to say" included). */
  answered: CellSchema,
  answeredByGroup: keyedRecord(z.string(), CellSchema),
  rows: z.array(ReachRowSchema),
});
export type ReachQuestion = z.infer<typeof ReachQuestionSchema>;

export const UnderRepresentedSchema = z.object({
  question: z.string(),
  answer: z.string(),
  /** "Residents aged 65 and over". */
  people: z.string(),
  here: ShareSchema,
  borough: z.number(),
  /** The whole sentence in plain English: "Residents aged 65 and over: 2% here vs 6% of the borough". */
  text: z.string(),
});
export type UnderRepresented = z.infer<typeof UnderRepresentedSchema>;

export const ReachReportSchema = z.object({
  scope: z.object({ kind: z.enum(['workshop', 'record']), id: z.uuid(), title: z.string() }),
  threshold: z.literal(5),
  /** People who joined (already in the record's participation counts, so not suppressed). */
  joined: z.int(),
  /** People who gave "about you" answers. */
  respondents: CellSchema,
  groups: z.array(z.object({ key: z.string(), label: z.string().nullable() })),
  questions: z.array(ReachQuestionSchema),
  underRepresented: z.array(UnderRepresentedSchema),
  /** Record reports: each workshop's respondents, as that workshop's own report shows them. */
  workshops: z.array(z.object({ id: z.uuid(), title: z.string(), respondents: CellSchema })),
  /** When the retention job deleted the answers (of any workshop in scope). */
  personalDataDeletedAt: z.string().nullable(),
});
export type ReachReport = z.infer<typeof ReachReportSchema>;

// ------------------------------------------------------------------ the borough's profile

const share = z.number().min(0).max(1);

export const ReferenceRowSchema = z.object({
  question: z.enum(questionKeys as [QuestionKey, ...QuestionKey[]]),
  answer: line(40, 1),
  share,
  source: z._default(line(200), ''),
});
export type ReferenceRow = z.output<typeof ReferenceRowSchema>;

export const ReferenceProfileSchema = z
  .object({ rows: z.array(ReferenceRowSchema).max(500) })
  .strict()
  .superRefine((value, ctx) => {
    const seen = new Set<string>();
    const sums = new Map<string, number>();
    value.rows.forEach((r, i) => {
      if (r.answer === PREFER_NOT || !answerKeys(r.question).includes(r.answer)) {
        ctx.addIssue({
          code: 'custom',
          path: ['rows', i, 'answer'],
          message: checkSentences.notAnAnswer,
        });
      }
      const key = `${r.question}/${r.answer}`;
      if (seen.has(key)) {
        ctx.addIssue({
          code: 'custom',
          path: ['rows', i, 'answer'],
          message: checkSentences.listedTwice,
        });
      }
      seen.add(key);
      sums.set(r.question, (sums.get(r.question) ?? 0) + r.share);
    });
    for (const [question, sum] of sums) {
      // A little over 100% is rounding in the published tables; more is a typing mistake.
      if (sum > 1.02) {
        const i = value.rows.findIndex((r) => r.question === question);
        ctx.addIssue({
          code: 'custom',
          path: ['rows', i, 'share'],
          message: checkSentences.sharesOver100,
          params: { found: Math.round(sum * 1000) / 10 },
        });
      }
    }
  });
export type ReferenceProfileInput = z.input<typeof ReferenceProfileSchema>;
export type ReferenceProfile = { rows: ReferenceRow[] };

// ------------------------------------------------------------------ data protection (REC14)

/** What an erasure on request deleted. */
export const ErasureResultSchema = z.object({
  participantId: z.uuid(),
  notes: z.int(),
  ballots: z.int(),
  commitments: z.int(),
  cafeSeats: z.int(),
  /** The person's name and device link (1), or 0 if they were already gone. */
  participant: z.int(),
  /** Stored outcome snapshots the person's contributions were taken out of. */
  snapshotsRedacted: z.int(),
});
export type ErasureResult = z.infer<typeof ErasureResultSchema>;

/** A participant as a facilitator picks them for erasure: name, group and what they contributed. */
export const ErasableParticipantSchema = z.object({
  id: z.uuid(),
  displayName: z.string(),
  groupKey: z.string(),
  joinedAt: z.string(),
  notes: z.int(),
  ballots: z.int(),
  commitments: z.int(),
  cafeSeats: z.int(),
});
export type ErasableParticipant = z.infer<typeof ErasableParticipantSchema>;

export const AuditEntrySchema = z.object({
  id: z.int(),
  at: z.string(),
  action: z.string(),
  workshopId: z.string().nullable(),
  /** Null for the system (the retention job) or a facilitator account since deleted. */
  facilitator: z.string().nullable(),
  detail: keyedRecord(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
