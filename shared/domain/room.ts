import * as z from 'zod/mini';
import { GroupSchema } from './groups.ts';
import { keyedPartialRecord, keyedRecord } from './keyedRecord.ts';
import { LanguageSchema } from './languages.ts';

// What a phone parses of the room, apart from the planning schemas (workshop.ts, activity.ts)
// with their limits and settings: a phone never plans, and each byte counts (LIGHT3).

/** draft: being planned, nobody can join. open: live, people join. closed: over, no new joins. */
export const WorkshopStatusSchema = z.enum(['draft', 'open', 'closed']);
export type WorkshopStatus = z.infer<typeof WorkshopStatusSchema>;

export const activityKinds = ['idea_board', 'dot_vote', 'world_cafe', 'congress_vote'] as const;
export const ActivityKindSchema = z.enum(activityKinds);
export type ActivityKind = z.infer<typeof ActivityKindSchema>;

/** How a congress vote counts; a phone's ballot needs them too (voting.ts). */
export const congressMethods = ['single', 'approval', 'ranking', 'points'] as const;

/** What participants and the projector see of an agenda item: no settings. */
export const ActivitySummarySchema = z.object({
  id: z.uuid(),
  position: z.int().check(z.minimum(0)),
  kind: ActivityKindSchema,
  title: z.string(),
  prompt: z.string(),
});
export type ActivitySummary = z.infer<typeof ActivitySummarySchema>;

/** A workshop's phrasebook as stored and sent to the room (LANG11): its shape only. */
export const StoredTranslationsSchema = keyedPartialRecord(
  LanguageSchema,
  keyedRecord(z.string(), z.string()),
);

/**
 * What everyone in the room sees: participants, the projector and facilitators. `rev` grows with
 * every change, so a client that receives an older snapshot after a newer one keeps the newer.
 */
export const RoomStateSchema = z.object({
  rev: z.int(),
  workshop: z.object({
    id: z.uuid(),
    title: z.string(),
    purpose: z.string(),
    startsAt: z.nullable(z.string()),
    status: WorkshopStatusSchema,
    joinCode: z.nullable(z.string()),
    groups: z.array(GroupSchema),
    // Defaults: a phone may hold a room state saved before workshops had them.
    language: z._default(LanguageSchema, 'en'),
    translations: z._default(StoredTranslationsSchema, {}),
  }),
  agenda: z.array(ActivitySummarySchema),
  currentActivityId: z.nullable(z.uuid()),
  /** What the projector shows besides the activity (HALL3). */
  screen: z.object({ joinShown: z.boolean() }),
});
export type RoomState = z.infer<typeof RoomStateSchema>;
