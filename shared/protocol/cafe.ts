import { z } from 'zod';
import {
  CAFE_INSIGHTS_MAX,
  CAFE_TABLES_MAX,
  CafeInsightSchema,
  CafeInsightTextSchema,
  CafeQualitySchema,
  CafeSeatRowSchema,
  CafeSeatSchema,
  CafeStateSchema,
  CafeTableInputSchema,
  CafeTableSchema,
} from '../domain/cafe.ts';

const activityId = z.uuid();

/** A participant's view: the shared state, their seat now, and where they sat before. */
export const CafeMineSchema = z.object({
  seat: CafeSeatSchema.nullable(),
  /** Every round's seat so far, first round first. */
  history: z.array(CafeSeatSchema),
  volunteer: z.boolean(),
  remote: z.boolean(),
});
export type CafeMine = z.infer<typeof CafeMineSchema>;

export const CafeViewSchema = z.object({
  state: CafeStateSchema,
  /** Participants only. */
  mine: CafeMineSchema.nullable(),
  /** Facilitators only: who sits where in the current round (in setup: nobody). */
  seating: z.array(CafeSeatRowSchema).nullable(),
  /** Facilitators only: participants who offered to host, and who said they are remote. */
  volunteers: z.array(z.uuid()).nullable(),
  remote: z.array(z.uuid()).nullable(),
  /** Facilitators only: how each round's assignment mixed people. */
  quality: z.array(CafeQualitySchema).nullable(),
});
export type CafeView = z.infer<typeof CafeViewSchema>;

export const TableclothSchema = z.object({
  tableId: z.uuid(),
  round: z.int(),
  /** The round's question at this table. */
  question: z.string(),
  text: z.string(),
});
export type Tablecloth = z.infer<typeof TableclothSchema>;

export const CafeSnapshotSchema = z.object({
  id: z.int(),
  tableId: z.uuid(),
  round: z.int(),
  takenAt: z.string(),
  reason: z.enum(['minute', 'round_end', 'restored', 'before_restore']),
  chars: z.int(),
  /** The first characters, to recognise it by. */
  preview: z.string(),
});
export type CafeSnapshot = z.infer<typeof CafeSnapshotSchema>;

export const cafeCommands = {
  'cafe:get': { request: z.object({ activityId }).strict(), response: CafeViewSchema },
  /**
   * Lays out the tables (facilitators). Tables missing from the list are removed, which is only
   * allowed before the first round; after that tables can be added and edited.
   */
  'cafe:tables': {
    request: z
      .object({ activityId, tables: z.array(CafeTableInputSchema).min(1).max(CAFE_TABLES_MAX) })
      .strict(),
    response: CafeViewSchema,
  },
  /** Makes someone a table's host, or leaves the table without one (null). */
  'cafe:host': {
    request: z
      .object({ activityId, tableId: z.uuid(), participantId: z.uuid().nullable() })
      .strict(),
    response: CafeViewSchema,
  },
  /**
   * Before the café starts: every table without a host gets the next volunteer of its kind who is
   * here now (CAFE3), in one go.
   */
  'cafe:hostVolunteers': {
    request: z.object({ activityId }).strict(),
    response: CafeViewSchema,
  },
  /** A participant offers (or stops offering) to host a table. */
  'cafe:volunteer': {
    request: z.object({ activityId, volunteer: z.boolean() }).strict(),
    response: CafeMineSchema,
  },
  /** A participant says whether they are joining from elsewhere (seated at online tables). */
  'cafe:attend': {
    request: z.object({ activityId, remote: z.boolean() }).strict(),
    response: CafeMineSchema,
  },
  /** Seats everyone for round 1 and starts the first changeover. */
  'cafe:start': { request: z.object({ activityId }).strict(), response: CafeViewSchema },
  'cafe:pause': { request: z.object({ activityId }).strict(), response: CafeViewSchema },
  'cafe:resume': { request: z.object({ activityId }).strict(), response: CafeViewSchema },
  /** Adds (or with a negative number takes away) time from the current phase. */
  'cafe:adjust': {
    request: z.object({ activityId, seconds: z.int().min(-3600).max(3600) }).strict(),
    response: CafeViewSchema,
  },
  /** Ends the current phase now: the changeover (talk starts) or the round. */
  'cafe:advance': { request: z.object({ activityId }).strict(), response: CafeViewSchema },
  /** Moves someone to another table for the rest of this round (facilitators). */
  'cafe:move': {
    request: z.object({ activityId, participantId: z.uuid(), tableId: z.uuid() }).strict(),
    response: CafeViewSchema,
  },
  /** Lets everyone read other tables' notes before the harvest (CAFE13). */
  'cafe:share': {
    request: z.object({ activityId, notesShared: z.boolean() }).strict(),
    response: CafeViewSchema,
  },
  /**
   * Tablecloths the sender may read, as text: facilitators all; a host their table's earlier
   * rounds; everyone every table once the harvest starts or notes are shared.
   */
  'cafe:tablecloths': {
    request: z.object({ activityId, tableId: z.uuid().optional() }).strict(),
    response: z.object({ tablecloths: z.array(TableclothSchema) }),
  },
  'cafe:snapshots': {
    request: z.object({ activityId, tableId: z.uuid(), round: z.int().min(1).max(99) }).strict(),
    response: z.object({ snapshots: z.array(CafeSnapshotSchema) }),
  },
  /** Puts a tablecloth back to a snapshot; what it held before is kept as a snapshot too. */
  'cafe:restore': {
    request: z.object({ activityId, snapshotId: z.int().min(1) }).strict(),
    response: z.object({ snapshot: CafeSnapshotSchema }),
  },
  'cafe:insight:add': {
    request: z
      .object({
        id: z.uuid(),
        activityId,
        text: CafeInsightTextSchema,
        sourceTableIds: z.array(z.uuid()).max(CAFE_TABLES_MAX).default([]),
      })
      .strict(),
    response: CafeInsightSchema,
  },
  'cafe:insight:edit': {
    request: z
      .object({
        id: z.uuid(),
        text: z.optional(CafeInsightTextSchema),
        sourceTableIds: z.array(z.uuid()).max(CAFE_TABLES_MAX).optional(),
        position: z.int().min(0).max(CAFE_INSIGHTS_MAX).optional(),
      })
      .strict(),
    response: CafeInsightSchema,
  },
  'cafe:insight:remove': {
    request: z.object({ id: z.uuid() }).strict(),
    response: z.object({ id: z.uuid() }),
  },
} as const;

export const cafeEvents = {
  /** Phase, timer, tables or insights changed: everyone in the room. */
  'cafe:changed': CafeStateSchema,
  /** To one participant: their seat for the round that is starting, or after a move. */
  'cafe:seat': CafeSeatSchema.extend({ table: CafeTableSchema, question: z.string() }),
  /** To facilitators: seating changed; fetch `cafe:get` again. */
  'cafe:seating': z.object({ activityId: z.uuid(), round: z.int() }),
  /** To facilitators, coalesced: how full each table's notes are this round. */
  'cafe:fill': z.object({
    activityId: z.uuid(),
    round: z.int(),
    tables: z.array(z.object({ tableId: z.uuid(), chars: z.int() })),
  }),
} as const;
