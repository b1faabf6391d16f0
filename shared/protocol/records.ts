import { z } from 'zod';
import {
  EngagementLevelSchema,
  EngagementRecordSchema,
  OutcomeSchema,
  RecordStatusSchema,
  SnapshotSummarySchema,
} from '../domain/records.ts';
import { ReferenceRowSchema } from './reach.ts';
import { checkSentences } from '../domain/checkSentences.ts';

/**
 * Query strings and answers of the records API beyond the record itself: search filters, the
 * public calendar, the JSON export and snapshots (REC1-REC6, REC15).
 */

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, checkSentences.date);

/** GET /api/calendar and /api/public/calendar.ics: every filter optional, bounded. */
export const CalendarQuerySchema = z.object({
  service: z.string().trim().max(120).optional(),
  area: z.string().trim().max(80).optional(),
  /** A topic tag, matched exactly. */
  tag: z.string().trim().max(40).optional(),
  level: EngagementLevelSchema.optional(),
  /** Activities that end on or after this day. */
  from: date.optional(),
  /** Activities that start on or before this day. */
  to: date.optional(),
});
export type CalendarQuery = z.infer<typeof CalendarQuerySchema>;

export const CalendarEventSchema = z.object({
  /** The record's public id, also in the feedback link and the feed's UID. */
  publicId: z.string(),
  title: z.string(),
  service: z.string(),
  area: z.string(),
  tags: z.array(z.string()),
  level: EngagementLevelSchema,
  levelLabel: z.string(),
  status: RecordStatusSchema,
  startsOn: z.string(),
  /** The last day, inclusive; null for a one-day activity. */
  endsOn: z.string().nullable(),
  location: z.string(),
  summary: z.string(),
  /** "You said, we did": what people said and what was done. */
  feedbackPath: z.string(),
});
export type CalendarEvent = z.infer<typeof CalendarEventSchema>;

export const CalendarSchema = z.object({ events: z.array(CalendarEventSchema) });

/** Query strings of the records list; every filter optional, bounded. */
export const RecordQuerySchema = z.object({
  q: z.string().trim().max(200).optional(),
  service: z.string().trim().max(120).optional(),
  area: z.string().trim().max(80).optional(),
  tag: z.string().trim().max(40).optional(),
  level: EngagementLevelSchema.optional(),
  status: RecordStatusSchema.optional(),
  from: date.optional(),
  to: date.optional(),
});

export const RecordListSchema = z.object({
  records: z.array(EngagementRecordSchema.extend({ match: z.string().nullable() })),
});

export const SnapshotListSchema = z.object({ snapshots: z.array(SnapshotSummarySchema) });
export const SavedSnapshotSchema = SnapshotSummarySchema.extend({ recordId: z.uuid() });
export const SnapshotSchema = SnapshotSummarySchema.extend({ outcome: OutcomeSchema });

/** Query of GET /api/records/:id/workshops/:workshopId/snapshots/:version. */
export const SnapshotViewQuerySchema = z.object({
  view: z.enum(['public', 'audit']).default('public'),
});

/** A version number, or the latest. */
export const SnapshotVersionSchema = z.union([z.literal('latest'), z.coerce.number().int().min(1)]);

/** GET /api/reference-profile: what the server stores (PUT takes ReferenceProfileSchema). */
export const SavedReferenceProfileSchema = z.object({ rows: z.array(ReferenceRowSchema) });

export const RECORD_EXPORT_SCHEMA = 'roundtable.record-export/1';

/** GET /api/records/:id/export.json; docs/records-json.md documents every field. */
export const RecordExportSchema = z.object({
  schema: z.literal(RECORD_EXPORT_SCHEMA),
  exportedAt: z.string(),
  /** Always "public": the export is what may be published. */
  view: z.literal('public'),
  record: EngagementRecordSchema,
  /** The public "You said, we did" page, relative to the app's address. */
  feedbackPath: z.string(),
  /** The latest snapshot of each of the record's workshops that has one, in workshop order. */
  outcomes: z.array(
    z.object({
      workshopId: z.uuid(),
      version: z.int(),
      takenAt: z.string(),
      outcome: OutcomeSchema,
    }),
  ),
});
export type RecordExport = z.infer<typeof RecordExportSchema>;
