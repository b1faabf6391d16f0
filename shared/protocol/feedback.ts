import { z } from 'zod';
import { EngagementLevelSchema, RecordStatusSchema } from '../domain/records.ts';
import { line, paragraph } from '../domain/text.ts';
import { checkSentences } from '../domain/checkSentences.ts';

// What a phone sends and reads lives apart, so a phone's bundle carries none of the rest.
export {
  FeedbackContactSchema,
  WorkshopFeedbackLinkSchema,
  type FeedbackContactInput,
  type WorkshopFeedbackLink,
} from './participantRest.ts';

/**
 * "You said, we did": the council's answer to each outcome item of an engagement record, the
 * public feedback page, and the contact a participant leaves to be told (REC8 to REC11).
 */

export const decisions = ['adopted', 'partly_adopted', 'not_adopted', 'considering'] as const;
export const DecisionSchema = z.enum(decisions);
export type Decision = z.infer<typeof DecisionSchema>;

/** The kinds of outcome item a response answers; notes are answered through their theme. */
export const outcomeItemKinds = ['theme', 'option', 'insight', 'commitment'] as const;
export const OutcomeItemKindSchema = z.enum(outcomeItemKinds);
export type OutcomeItemKind = z.infer<typeof OutcomeItemKindSchema>;

/** Per vote, how many of the leading options are offered for a response (ties included). */
export const TOP_OPTIONS_PER_VOTE = 5;

export const RESPONSE_EXPLANATION_MAX = 2000;
export const EXPLANATION_REQUIRED = checkSentences.explanationRequired;

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, checkSentences.date)
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), checkSentences.realDate);

/** PUT /api/records/:id/responses/:itemId */
export const ResponseInputSchema = z
  .object({
    itemKind: OutcomeItemKindSchema,
    itemLabel: z.pipe(paragraph(1000), z.string().min(1, checkSentences.required)),
    decision: DecisionSchema,
    explanation: z._default(paragraph(RESPONSE_EXPLANATION_MAX), ''),
    decidedOn: isoDate,
    /** Who decided: a role, team or body ("Parks team", "Cabinet"), not a private person. */
    decidedBy: line(200, 1),
  })
  .strict()
  // What could not be done must say why (REC8).
  .refine((r) => r.decision !== 'not_adopted' || r.explanation.length > 0, {
    message: EXPLANATION_REQUIRED,
    path: ['explanation'],
  });
export type ResponseInput = z.input<typeof ResponseInputSchema>;

export const ResponseSchema = z.object({
  itemId: z.uuid(),
  itemKind: OutcomeItemKindSchema,
  itemLabel: z.string(),
  decision: DecisionSchema,
  explanation: z.string(),
  decidedOn: z.string(),
  decidedBy: z.string(),
  updatedAt: z.string(),
});
export type FeedbackResponse = z.infer<typeof ResponseSchema>;

/** Something people said or agreed, from the latest snapshot of one of the record's workshops. */
export const OutcomeItemSchema = z.object({
  itemId: z.uuid(),
  itemKind: OutcomeItemKindSchema,
  label: z.string(),
  /** Null for an answered item that is no longer in any latest snapshot. */
  workshopId: z.uuid().nullable(),
  workshopTitle: z.string(),
  activityTitle: z.string(),
  /** Theme: visible notes in it. */
  noteCount: z.int().optional(),
  /** Option: its place and score in the vote. */
  rank: z.int().optional(),
  tied: z.boolean().optional(),
  score: z.number().optional(),
  /** Commitment: who will do it, by when. */
  who: z.string().optional(),
  byWhen: z.string().optional(),
  response: ResponseSchema.nullable(),
});
export type OutcomeItem = z.infer<typeof OutcomeItemSchema>;

/** GET /api/records/:id/responses (facilitators). Contacts appear only as counts (REC10). */
export const ResponsesViewSchema = z.object({
  recordId: z.uuid(),
  publicId: z.string(),
  status: RecordStatusSchema,
  feedbackPublishedAt: z.string().nullable(),
  items: z.array(OutcomeItemSchema),
  /** People who asked to be told and have no message queued yet (publishing queues theirs). */
  contactsWaiting: z.int(),
  outbox: z.object({ pending: z.int(), sent: z.int(), failed: z.int() }),
  /** False when SMTP_URL is unset: messages stay pending until it is set. */
  mailConfigured: z.boolean(),
});
export type ResponsesView = z.infer<typeof ResponsesViewSchema>;

/** POST /api/records/:id/feedback/publish */
export const PublishResultSchema = z.object({
  feedbackPublishedAt: z.string(),
  /** Messages queued by this publish; 0 when everyone was already sent theirs. */
  queued: z.int(),
  mailConfigured: z.boolean(),
});
export type PublishResult = z.infer<typeof PublishResultSchema>;

// ------------------------------------------------------------------ the public page (REC9)

const PublicVoteRow = z.object({
  optionId: z.uuid(),
  label: z.string(),
  rank: z.int(),
  tied: z.boolean(),
  score: z.number(),
});

export const PublicActivitySchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('idea_board'),
    title: z.string(),
    prompt: z.string(),
    noteCount: z.int(),
    themes: z.array(
      z.object({
        id: z.uuid(),
        name: z.string(),
        noteCount: z.int(),
        /** Up to PUBLIC_NOTES_PER_THEME note texts, without names. */
        notes: z.array(z.string()),
      }),
    ),
    /** Notes not in any theme: a count and a few texts. */
    unthemed: z.object({ noteCount: z.int(), notes: z.array(z.string()) }),
  }),
  z.object({
    kind: z.enum(['dot_vote', 'congress_vote']),
    title: z.string(),
    prompt: z.string(),
    method: z.string(),
    voters: z.int(),
    rows: z.array(PublicVoteRow),
    commitments: z.array(
      z.object({ id: z.uuid(), text: z.string(), who: z.string(), byWhen: z.string() }),
    ),
  }),
  z.object({
    kind: z.literal('world_cafe'),
    title: z.string(),
    prompt: z.string(),
    tables: z.int(),
    rounds: z.int(),
    insights: z.array(z.object({ id: z.uuid(), text: z.string() })),
  }),
]);
export type PublicActivity = z.infer<typeof PublicActivitySchema>;

export const PUBLIC_NOTES_PER_THEME = 12;
export const PUBLIC_VOTE_ROWS = 10;

/** GET /api/public/feedback/:publicId. Nothing personal: no names, emails or hidden notes. */
export const PublicFeedbackSchema = z.object({
  record: z.object({
    publicId: z.string(),
    title: z.string(),
    service: z.string(),
    area: z.string(),
    level: EngagementLevelSchema,
    canInfluence: z.string(),
    cannotInfluence: z.string(),
    startsOn: z.string().nullable(),
    endsOn: z.string().nullable(),
    status: RecordStatusSchema,
    location: z.string(),
    summary: z.string(),
    feedbackPublishedAt: z.string().nullable(),
  }),
  workshops: z.array(
    z.object({
      title: z.string(),
      startsAt: z.string().nullable(),
      closedAt: z.string().nullable(),
      joined: z.int(),
      activities: z.array(PublicActivitySchema),
    }),
  ),
  /** Empty until the feedback is published: drafts are not public. */
  responses: z.array(ResponseSchema.omit({ updatedAt: true })),
});
export type PublicFeedback = z.infer<typeof PublicFeedbackSchema>;

/** The public page's path, for links, QR codes and mail. */
export const feedbackPath = (publicId: string) => `/feedback/${encodeURIComponent(publicId)}`;
