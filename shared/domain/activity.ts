import { z } from 'zod';
import { limits } from './limits.ts';
import { line, paragraph } from './text.ts';
import { checkSentences } from './checkSentences.ts';
import { congressMethods } from './room.ts';

export { activityKinds, ActivityKindSchema, ActivitySummarySchema } from './room.ts';
export type { ActivityKind, ActivitySummary } from './room.ts';

const optionList = z
  .array(line(limits.optionTextMax, 1))
  .max(limits.optionsMax, `At most ${limits.optionsMax} options`);

/** The partnership's five calls to action: the congress vote's default options. */
export const callsToAction = [
  'A fair, inclusive and anti-racist borough.',
  'Everyone can enjoy good mental health and wellbeing.',
  'Everyone feels safe and lives in good-quality homes and healthy, inviting neighbourhoods.',
  'Everyone has access to good work and skills and an income that meets their needs.',
  'A child-friendly borough where children and young people from all backgrounds thrive, achieve their best, have opportunities, and are listened to.',
];

export const IdeaBoardSettingsSchema = z.object({
  /** open: everyone sees notes as they arrive; private: each sees only their own until reveal. */
  mode: z.enum(['open', 'private']).default('open'),
  maxNotesPerPerson: z.int().min(1).max(50).default(10),
});

export const DotVoteSettingsSchema = z
  .object({
    /** Dots each person gets; null means "about a third of the options, 3 to 10" (VOTE2). */
    dotsPerPerson: z.int().min(1).max(20).nullable().default(null),
    /** Most dots one person may put on one option; 1 means no stacking. */
    maxDotsPerOption: z.int().min(1).max(20).default(1),
    /** Hide the running tally until the facilitator reveals it (avoids the bandwagon effect). */
    hideTallyUntilReveal: z.boolean().default(true),
    /** Each phone lists the options in its own order, so position favours none. */
    shuffleOptions: z.boolean().default(true),
    lateJoinersMayVote: z.boolean().default(true),
    /** Whether someone may put dots on an option that came from their own note. */
    allowOwnNote: z.boolean().default(true),
    /** Options typed here; the console can also take them from an idea board before voting. */
    options: optionList.default([]),
  })
  .refine((s) => s.dotsPerPerson === null || s.maxDotsPerOption <= s.dotsPerPerson, {
    message: checkSentences.dotsPerOption,
    path: ['maxDotsPerOption'],
  });

export const WorldCafeSettingsSchema = z
  .object({
    /** Tables to lay out at set-up; the console can propose a number from who is here (CAFE1). */
    tables: z.int().min(1).max(60).default(6),
    rounds: z.int().min(1).max(6).default(3),
    roundMinutes: z.int().min(5).max(45).default(20),
    /** Time to move between tables before each round's talk starts. */
    changeoverMinutes: z.int().min(0).max(10).default(2),
    /** One question per round; a single question is asked in every round. Tables may override. */
    questions: optionList.default([]),
    /** People per table the set-up aims for, and the most a table takes (CAFE1). */
    tableSize: z.int().min(2).max(8).default(4),
    maxTableSize: z.int().min(2).max(12).default(5),
  })
  .refine((s) => s.tableSize <= s.maxTableSize, {
    message: checkSentences.tableTarget,
    path: ['maxTableSize'],
  });

export { congressMethods };

export const CongressVoteSettingsSchema = z.object({
  /** single: one choice; approval: any number; ranking: top k, Borda; points: share a budget. */
  method: z.enum(congressMethods).default('ranking'),
  /** For ranking: how many options each person ranks (a first choice earns k points). */
  rankTopK: z.int().min(2).max(10).default(3),
  /** For points: how many points each person shares out. */
  pointsTotal: z.int().min(10).max(1000).default(100),
  options: optionList.min(2, checkSentences.twoOptions).default(callsToAction),
  hideResultUntilReveal: z.boolean().default(true),
});

const base = {
  title: line(limits.activityTitleMax, 1),
  prompt: z._default(paragraph(limits.activityPromptMax), ''),
};

/** An agenda item as a facilitator writes it. `id` is present when editing an existing item. */
export const ActivityInputSchema = z.discriminatedUnion('kind', [
  z.object({
    id: z.uuid().optional(),
    kind: z.literal('idea_board'),
    ...base,
    settings: IdeaBoardSettingsSchema.default(IdeaBoardSettingsSchema.parse({})),
  }),
  z.object({
    id: z.uuid().optional(),
    kind: z.literal('dot_vote'),
    ...base,
    settings: DotVoteSettingsSchema.default(DotVoteSettingsSchema.parse({})),
  }),
  z.object({
    id: z.uuid().optional(),
    kind: z.literal('world_cafe'),
    ...base,
    settings: WorldCafeSettingsSchema.default(WorldCafeSettingsSchema.parse({})),
  }),
  z.object({
    id: z.uuid().optional(),
    kind: z.literal('congress_vote'),
    ...base,
    settings: CongressVoteSettingsSchema.default(CongressVoteSettingsSchema.parse({})),
  }),
]);
export type ActivityInput = z.input<typeof ActivityInputSchema>;
export type ActivityParsed = z.output<typeof ActivityInputSchema>;

/** A stored agenda item, as facilitators see it (with its settings). */
export type Activity = ActivityParsed & { id: string; position: number };

export const AgendaInputSchema = z
  .array(ActivityInputSchema)
  .max(limits.agendaMax, `At most ${limits.agendaMax} activities`)
  .refine((items) => {
    const ids = items.flatMap((i) => (i.id ? [i.id] : []));
    return new Set(ids).size === ids.length;
  }, checkSentences.duplicateActivity);

/** Parses settings read back from storage, filling defaults added since they were written. */
export function parseStoredActivity(row: {
  id: string;
  position: number;
  kind: string;
  title: string;
  prompt: string;
  settings: unknown;
}): Activity {
  const parsed = ActivityInputSchema.parse({
    kind: row.kind,
    title: row.title,
    prompt: row.prompt,
    settings: row.settings,
  });
  return { ...parsed, id: row.id, position: row.position };
}
