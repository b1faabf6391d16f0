import { z } from 'zod';
import { keyedRecord } from './keyedRecord.ts';
import { line, paragraph } from './text.ts';
import { checkSentences } from './checkSentences.ts';
import { CountingSchema } from './voting.ts';

/**
 * Engagement records: the council's record of one engagement activity, the workshops that belong
 * to it, and an immutable, versioned snapshot of each workshop's outcome. Rules REC1.. in
 * docs/spec.md.
 */

/** The five levels of engagement, in the council's own words. */
export const engagementLevels = [
  'inform',
  'consult',
  'decide_together',
  'act_together',
  'support_community',
] as const;
export const EngagementLevelSchema = z.enum(engagementLevels);
export type EngagementLevel = z.infer<typeof EngagementLevelSchema>;

export const levelLabels: Record<EngagementLevel, string> = {
  inform: 'Providing information',
  consult: 'Consultation',
  decide_together: 'Deciding together',
  act_together: 'Acting together',
  support_community: 'Supporting independent community action',
};

export const recordStatuses = ['planned', 'open', 'closed', 'feedback_given'] as const;
export const RecordStatusSchema = z.enum(recordStatuses);
export type RecordStatus = z.infer<typeof RecordStatusSchema>;

export const statusLabels: Record<RecordStatus, string> = {
  planned: 'Planned',
  open: 'Open',
  closed: 'Closed',
  feedback_given: 'Feedback given',
};

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, checkSentences.date)
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), checkSentences.realDate);

export const RECORD_TAGS_MAX = 20;

export const RecordInputSchema = z
  .object({
    title: line(200, 1),
    /** The service or team responsible. */
    service: line(120, 1),
    tags: z.array(line(40, 1)).max(RECORD_TAGS_MAX).default([]),
    /** A ward's name, or "Borough-wide". */
    area: z._default(line(80, 1), 'Borough-wide'),
    level: EngagementLevelSchema,
    canInfluence: z._default(paragraph(2000), ''),
    cannotInfluence: z._default(paragraph(2000), ''),
    startsOn: isoDate.nullable().default(null),
    endsOn: isoDate.nullable().default(null),
    status: RecordStatusSchema.default('planned'),
    /** Where it happens, for the calendar ("Idea Store Whitechapel", "Online"). */
    location: z._default(line(200), ''),
    summary: z._default(paragraph(4000), ''),
    /** Months after the last workshop before personal data is deleted; null: the default. */
    retentionMonths: z.int().min(1).max(120).nullable().default(null),
  })
  .strict()
  .refine((r) => !r.startsOn || !r.endsOn || r.startsOn <= r.endsOn, {
    message: checkSentences.endBeforeStart,
    path: ['endsOn'],
  });
export type RecordInput = z.input<typeof RecordInputSchema>;

/** POST /api/records: a record and the workshops it starts with. */
export const CreateRecordSchema = z.intersection(
  RecordInputSchema,
  z.object({ workshopIds: z.array(z.uuid()).max(50).default([]) }),
);

/** PUT /api/records/:id/workshops/:workshopId: `move` takes a workshop from another record (SEC9). */
export const LinkWorkshopSchema = z.object({ move: z.boolean().optional() }).strict();

export const RecordPatchSchema = z
  .object({
    title: z.optional(line(200, 1)),
    service: z.optional(line(120, 1)),
    tags: z.array(line(40, 1)).max(RECORD_TAGS_MAX).optional(),
    area: z.optional(line(80, 1)),
    level: EngagementLevelSchema.optional(),
    canInfluence: z.optional(paragraph(2000)),
    cannotInfluence: z.optional(paragraph(2000)),
    startsOn: isoDate.nullable().optional(),
    endsOn: isoDate.nullable().optional(),
    status: RecordStatusSchema.optional(),
    location: z.optional(line(200)),
    summary: z.optional(paragraph(4000)),
    retentionMonths: z.int().min(1).max(120).nullable().optional(),
  })
  .strict();
export type RecordPatch = z.input<typeof RecordPatchSchema>;

export const EngagementRecordSchema = z.object({
  id: z.uuid(),
  /** The short id of the public "You said, we did" page. */
  publicId: z.string(),
  title: z.string(),
  service: z.string(),
  tags: z.array(z.string()),
  area: z.string(),
  level: EngagementLevelSchema,
  canInfluence: z.string(),
  cannotInfluence: z.string(),
  startsOn: z.string().nullable(),
  endsOn: z.string().nullable(),
  status: RecordStatusSchema,
  location: z.string(),
  summary: z.string(),
  retentionMonths: z.int().nullable(),
  workshops: z.array(
    z.object({
      id: z.uuid(),
      title: z.string(),
      status: z.string(),
      startsAt: z.string().nullable(),
      closedAt: z.string().nullable(),
      /** Newest snapshot version, or null before the first. */
      latestVersion: z.int().nullable(),
    }),
  ),
  feedbackPublishedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type EngagementRecord = z.infer<typeof EngagementRecordSchema>;

// ------------------------------------------------------------------ the outcome snapshot

/**
 * The schema of a workshop outcome snapshot, version 1. It is what `GET .../snapshots/:version`
 * returns and what the JSON export holds; docs/records-json.md documents every field.
 */
export const OUTCOME_SCHEMA = 'roundtable.outcome/1';

const GroupCount = z.object({ key: z.string(), label: z.string(), count: z.int() });

export const OutcomeNoteSchema = z.object({
  id: z.uuid(),
  text: z.string(),
  themeId: z.uuid().nullable(),
  groupKey: z.string(),
  /** Written on paper or by a facilitator on someone's behalf (REC3). */
  assisted: z.boolean(),
  /** The author's chosen name when they chose to show it; '' otherwise. */
  shownName: z.string(),
  status: z.enum(['visible', 'hidden']),
  /** Audit view only: why a facilitator hid it. */
  hiddenReason: z.string().nullable(),
  createdAt: z.string(),
});

export const OutcomeResultRowSchema = z.object({
  optionId: z.uuid(),
  label: z.string(),
  source: z.string(),
  sourceId: z.uuid().nullable(),
  score: z.number(),
  paper: z.number(),
  rank: z.int(),
  tied: z.boolean(),
  byGroup: keyedRecord(z.string(), z.object({ digital: z.number(), paper: z.number() })),
});

export const OutcomeCommitmentSchema = z.object({
  id: z.uuid(),
  optionId: z.uuid(),
  text: z.string(),
  who: z.string(),
  byWhen: z.string(),
  status: z.enum(['visible', 'hidden']),
});

export const OutcomeActivitySchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('idea_board'),
    activityId: z.uuid(),
    title: z.string(),
    prompt: z.string(),
    /**
     * A private board not yet revealed when this was saved: its notes are kept for the audit view
     * and left out of every public one (SEC6). Absent in snapshots saved before this field.
     */
    unrevealed: z.boolean().default(false),
    themes: z.array(z.object({ id: z.uuid(), name: z.string() })),
    notes: z.array(OutcomeNoteSchema),
  }),
  z.object({
    kind: z.enum(['dot_vote', 'congress_vote']),
    activityId: z.uuid(),
    title: z.string(),
    prompt: z.string(),
    status: z.string(),
    /**
     * Results hidden from participants until the reveal when this was saved: kept for the audit
     * view, left out of every public one (SEC6).
     */
    unrevealed: z.boolean().default(false),
    /** The counting method in plain words (VOTE5), in English; `counting` is it as data (LANG4). */
    method: z.string(),
    counting: CountingSchema.optional().catch(undefined),
    voters: z.int(),
    votersByGroup: keyedRecord(z.string(), z.int()),
    rows: z.array(OutcomeResultRowSchema),
    commitments: z.array(OutcomeCommitmentSchema),
  }),
  z.object({
    kind: z.literal('world_cafe'),
    activityId: z.uuid(),
    title: z.string(),
    prompt: z.string(),
    tables: z.array(
      z.object({ id: z.uuid(), number: z.int(), name: z.string(), place: z.string() }),
    ),
    rounds: z.array(
      z.object({
        round: z.int(),
        seated: z.int(),
        tablecloths: z.array(
          z.object({ tableId: z.uuid(), question: z.string(), text: z.string() }),
        ),
      }),
    ),
    insights: z.array(
      z.object({ id: z.uuid(), text: z.string(), sourceTableIds: z.array(z.uuid()) }),
    ),
    /**
     * The café's seating seed (CAFE10): round r was seated with `<seed>:<r>`, so the seating can
     * be reproduced. Empty in snapshots saved before it was recorded.
     */
    seed: z.string().default(''),
  }),
]);
export type OutcomeActivity = z.infer<typeof OutcomeActivitySchema>;

export const timelineCodes = [
  'opened',
  'closed',
  'welcome',
  'started',
  'votingOpened',
  'votingClosed',
] as const;
export type TimelineCode = (typeof timelineCodes)[number];

/** A timeline event as the English the record has always kept (exports, API readers). */
export function timelineEnglish(code: TimelineCode, title = ''): string {
  switch (code) {
    case 'opened':
      return 'Workshop opened';
    case 'closed':
      return 'Workshop closed';
    case 'welcome':
      return 'Back to the welcome screen';
    case 'started':
      return `Started: ${title}`;
    case 'votingOpened':
      return `Voting opened: ${title}`;
    case 'votingClosed':
      return `Voting closed: ${title}`;
  }
}

/**
 * What happened when (LANG4): a code and the activity's title for readers to say in their own
 * language, and the English `event` kept for exports. An event from before codes, or one this
 * client does not know, has no code and is shown as written.
 */
export const TimelineEventSchema = z.object({
  at: z.string(),
  event: z.string(),
  code: z.enum(timelineCodes).optional().catch(undefined),
  title: z.string().optional(),
});

export const OutcomeSchema = z.object({
  schema: z.literal(OUTCOME_SCHEMA),
  workshop: z.object({
    id: z.uuid(),
    title: z.string(),
    purpose: z.string(),
    startsAt: z.string().nullable(),
    openedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    groups: z.array(z.object({ key: z.string(), label: z.string() })),
  }),
  /** The agenda as it ran, in order. */
  agenda: z.array(z.object({ id: z.uuid(), kind: z.string(), title: z.string() })),
  participation: z.object({
    joined: z.int(),
    byGroup: z.array(GroupCount),
    /** People who contributed to each activity (a note, a vote, a seat), by group. */
    byActivity: z.array(
      z.object({
        activityId: z.uuid(),
        /** People on their own devices, by group. */
        total: z.int(),
        byGroup: z.array(GroupCount),
        /** Contributions entered for people on paper or with help; not counted as people above. */
        paper: z.int().default(0),
      }),
    ),
  }),
  activities: z.array(OutcomeActivitySchema),
  timeline: z.array(TimelineEventSchema),
});
export type Outcome = z.infer<typeof OutcomeSchema>;
export type TimelineEvent = z.infer<typeof TimelineEventSchema>;

export const SnapshotSummarySchema = z.object({
  workshopId: z.uuid(),
  version: z.int(),
  reason: z.enum(['closed', 'manual']),
  takenAt: z.string(),
});
export type SnapshotSummary = z.infer<typeof SnapshotSummarySchema>;

/**
 * Removes what the public must not see: hidden notes and commitments, moderation reasons, and
 * whatever participants could not yet see when the snapshot was taken (SEC6): a private board's
 * notes before its reveal, a vote's results before theirs.
 */
export function publicOutcome(o: Outcome): Outcome {
  return {
    ...o,
    activities: o.activities.map((a) => {
      if (a.kind === 'idea_board') {
        return {
          ...a,
          notes: a.unrevealed
            ? []
            : a.notes
                .filter((n) => n.status === 'visible')
                .map((n) => ({ ...n, hiddenReason: null })),
        };
      }
      if (a.kind === 'dot_vote' || a.kind === 'congress_vote') {
        return {
          ...a,
          rows: a.unrevealed ? [] : a.rows,
          commitments: a.commitments.filter((c) => c.status === 'visible'),
        };
      }
      return a;
    }),
  };
}

/**
 * A spreadsheet reads a cell starting with =, +, -, @ (or a tab or carriage return) as a formula;
 * such cells get a leading apostrophe so they stay text (REC5).
 */
export function neutraliseCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
