import { z } from 'zod';
import { ActivityInputSchema, AgendaInputSchema, type Activity } from './activity.ts';
import { GroupListSchema, GroupSchema } from './groups.ts';
import { limits } from './limits.ts';
import { line, paragraph } from './text.ts';
import { checkSentences } from './checkSentences.ts';
import { LanguageSchema } from './languages.ts';
import { StoredTranslationsSchema, WorkshopStatusSchema } from './room.ts';
import { intoOwnLanguage, TranslationsSchema } from './translations.ts';

export { WorkshopStatusSchema, type WorkshopStatus } from './room.ts';

/** A local date and time as a facilitator typed it ("2026-12-01T18:30"); the workshop's own clock. */
export const LocalDateTimeSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, checkSentences.dateTime)
  .refine((s) => !Number.isNaN(Date.parse(`${s}:00Z`)), checkSentences.realDate);

export const WorkshopDetailsSchema = z.object({
  title: line(limits.workshopTitleMax, 1),
  /** What this is for, and what can and cannot be changed (Gunning principles). */
  purpose: z._default(paragraph(limits.workshopPurposeMax), ''),
  startsAt: LocalDateTimeSchema.nullable().default(null),
  /** The language the facilitator writes the workshop in (LANG11). */
  language: z._default(LanguageSchema, 'en'),
});

export const CreateWorkshopSchema = WorkshopDetailsSchema.extend({
  agenda: AgendaInputSchema.default([]),
  groups: z.optional(GroupListSchema),
});
export type CreateWorkshopInput = z.input<typeof CreateWorkshopSchema>;

export const UpdateWorkshopSchema = z
  .object({
    title: z.optional(WorkshopDetailsSchema.shape.title),
    purpose: WorkshopDetailsSchema.shape.purpose.optional(),
    startsAt: LocalDateTimeSchema.nullable().optional(),
    groups: z.optional(GroupListSchema),
    language: z.optional(LanguageSchema),
    /** Replaces the whole phrasebook (LANG11). */
    translations: z.optional(TranslationsSchema),
  })
  .strict()
  .superRefine((w, ctx) => {
    // Sent without a language, the server checks against the stored one.
    if (w.language && w.translations && intoOwnLanguage(w.language, w.translations)) {
      ctx.addIssue({
        code: 'custom',
        message: checkSentences.ownLanguage,
        path: ['translations', w.language],
      });
    }
  });
export type UpdateWorkshopInput = z.input<typeof UpdateWorkshopSchema>;

export const ReplaceAgendaSchema = z.object({ activities: AgendaInputSchema }).strict();
export type ReplaceAgendaInput = z.input<typeof ReplaceAgendaSchema>;

/** One agenda item as stored: its settings by kind, with its id and place in the agenda. */
export const ActivitySchema = z.intersection(
  ActivityInputSchema,
  z.object({ id: z.uuid(), position: z.int() }),
);

/** The full workshop as facilitators see and edit it. */
export const WorkshopSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  purpose: z.string(),
  startsAt: z.string().nullable(),
  language: LanguageSchema,
  translations: StoredTranslationsSchema,
  status: WorkshopStatusSchema,
  joinCode: z.string().nullable(),
  currentActivityId: z.uuid().nullable(),
  /** Whether the projector shows the QR code and join code (HALL3). */
  screenJoinShown: z.boolean(),
  groups: z.array(GroupSchema),
  agenda: z.array(ActivitySchema),
  rev: z.int(),
  createdAt: z.string(),
  openedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
});
export type Workshop = Omit<z.output<typeof WorkshopSchema>, 'agenda'> & { agenda: Activity[] };

/**
 * A workshop as its editor loads it: with the texts added while it runs that phones show (its
 * votes' options as they stand, typed in the console or taken from a board), so they can be
 * translated too (LANG11).
 */
export const EditableWorkshopSchema = WorkshopSchema.extend({ liveTexts: z.array(z.string()) });
export type EditableWorkshop = Workshop & { liveTexts: string[] };

export const WorkshopListItemSchema = WorkshopSchema.pick({
  id: true,
  title: true,
  startsAt: true,
  status: true,
  joinCode: true,
  createdAt: true,
}).extend({ participantCount: z.int(), activityCount: z.int() });
export type WorkshopListItem = z.infer<typeof WorkshopListItemSchema>;

export { RoomStateSchema, type RoomState } from './room.ts';
