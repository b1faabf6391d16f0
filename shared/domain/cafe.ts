import { z } from 'zod';
import { line, paragraph } from './text.ts';

/**
 * World Café: tables with hosts, timed rounds, travellers who move, a tablecloth per table per
 * round, and a harvest. Rules CAFE1.. in docs/spec.md.
 */

export const CAFE_TABLES_MAX = 60;
export const CAFE_TABLE_NAME_MAX = 40;
export const CAFE_PLACE_MAX = 80;
export const CAFE_QUESTION_MAX = 300;
export const CAFE_INSIGHT_MAX = 300;
export const CAFE_INSIGHTS_MAX = 60;
/** A tablecloth holds at most this many characters; the server trims beyond it (CAFE12). */
export const TABLECLOTH_CHARS_MAX = 20_000;
/** The shared text inside every tablecloth document. */
export const TABLECLOTH_TEXT = 'notes';
/** The signal before the end of a round (CAFE6). */
export const CAFE_WARNING_MS = 2 * 60_000;

/**
 * Table colours. Each has a name that phones show next to the swatch, so nobody needs to tell
 * colours apart to find their table (WCAG 1.4.1).
 */
export const tableColours = [
  'red',
  'orange',
  'yellow',
  'green',
  'teal',
  'blue',
  'purple',
  'pink',
  'brown',
  'grey',
] as const;
export const TableColourSchema = z.enum(tableColours);
export type TableColour = z.infer<typeof TableColourSchema>;

export const CafeTableInputSchema = z
  .object({
    /** Present when editing a table that exists. */
    id: z.uuid().optional(),
    number: z.int().min(1).max(999),
    name: line(CAFE_TABLE_NAME_MAX, 1),
    colour: TableColourSchema,
    /** Where it is in the room, e.g. "by the window". */
    place: z._default(line(CAFE_PLACE_MAX), ''),
    /** Overrides the round's question at this table; empty means the round's question. */
    question: z._default(line(CAFE_QUESTION_MAX), ''),
    /** An online table seats remote participants only; in-room tables seat those in the room. */
    online: z.boolean().default(false),
  })
  .strict();
export type CafeTableInput = z.input<typeof CafeTableInputSchema>;

export const CafeTableSchema = z.object({
  id: z.uuid(),
  number: z.int(),
  name: z.string(),
  colour: TableColourSchema,
  place: z.string(),
  question: z.string(),
  online: z.boolean(),
  hostId: z.uuid().nullable(),
  /** The host's display name as they chose it ('' when they gave none). */
  hostName: z.string(),
});
export type CafeTable = z.infer<typeof CafeTableSchema>;

/**
 * setup: tables and hosts being arranged. moving: people go to this round's tables (changeover).
 * talking: the round runs. paused: either of those, stopped. harvest: after the last round.
 */
export const CafePhaseSchema = z.enum(['setup', 'moving', 'talking', 'paused', 'harvest']);
export type CafePhase = z.infer<typeof CafePhaseSchema>;

export const CafeInsightSchema = z.object({
  id: z.uuid(),
  text: z.string(),
  /** Tables it came from, kept for the engagement record. */
  sourceTableIds: z.array(z.uuid()),
  position: z.int(),
});
export type CafeInsight = z.infer<typeof CafeInsightSchema>;

export const CafeInsightTextSchema = line(CAFE_INSIGHT_MAX, 1);
export const CafeQuestionSchema = paragraph(CAFE_QUESTION_MAX);

/** What everyone in the room may know about the café: no seating, no notes. */
export const CafeStateSchema = z.object({
  activityId: z.uuid(),
  phase: CafePhaseSchema,
  /** 1-based round under way (or last run); 0 before the first. */
  round: z.int().min(0),
  rounds: z.int(),
  roundMinutes: z.int(),
  changeoverMinutes: z.int(),
  /** People per table the set-up aims for, and the most a table takes (CAFE1). */
  tableSize: z.int(),
  maxTableSize: z.int(),
  /** When the current phase ends (ISO); null in setup, harvest and while paused. */
  endsAt: z.string().nullable(),
  /** While paused: the phase that was stopped and the time it had left. */
  pausedPhase: z.enum(['moving', 'talking']).nullable(),
  remainingMs: z.int().nullable(),
  /** The server's clock when this was sent, so phones can correct their own clock's offset. */
  serverTime: z.string(),
  /** The question of each round, resolved (index 0 is round 1). */
  questions: z.array(z.string()),
  tables: z.array(CafeTableSchema),
  /** Whether people may read other tables' notes before the harvest (CAFE13). */
  notesShared: z.boolean(),
  insights: z.array(CafeInsightSchema),
  /** Bumped on every change; clients ignore anything older than what they have. */
  version: z.int(),
});
export type CafeState = z.infer<typeof CafeStateSchema>;

/** Where one person sits in one round. */
export const CafeSeatSchema = z.object({
  activityId: z.uuid(),
  round: z.int().min(1),
  tableId: z.uuid(),
  isHost: z.boolean(),
});
export type CafeSeat = z.infer<typeof CafeSeatSchema>;

/** The facilitator's view of one seated person in the current round. */
export const CafeSeatRowSchema = z.object({
  participantId: z.uuid(),
  displayName: z.string(),
  groupKey: z.string(),
  tableId: z.uuid(),
  isHost: z.boolean(),
  /** How the seat was decided: by the assignment, by hand, or for someone who came late. */
  source: z.enum(['auto', 'manual', 'late']),
});
export type CafeSeatRow = z.infer<typeof CafeSeatRowSchema>;

/** How well a round's assignment mixed people (CAFE9); figures for the console and the bench. */
export const CafeQualitySchema = z.object({
  round: z.int(),
  /** Pairs at the same table this round who had already sat together. */
  repeatPairs: z.int(),
  /** Travellers back at a table they had sat at before. */
  revisits: z.int(),
  /** Largest table minus smallest (in-room tables). */
  sizeSpread: z.int(),
});
export type CafeQuality = z.infer<typeof CafeQualitySchema>;

/** How many tables to lay out for `present` people (CAFE1): about `target` each, never above `max`. */
export function proposeTableCount(present: number, target = 4, max = 5): number {
  if (present <= 0) return 1;
  const byTarget = Math.round(present / target);
  const atLeast = Math.ceil(present / max);
  return Math.min(CAFE_TABLES_MAX, Math.max(1, byTarget, atLeast));
}

/** The question asked in `round` (1-based) at `table`: the table's own, else the round's. */
export function questionFor(
  state: Pick<CafeState, 'questions'>,
  table: Pick<CafeTable, 'question'>,
  round: number,
): string {
  if (table.question) return table.question;
  const qs = state.questions;
  if (qs.length === 0) return '';
  return qs[Math.min(round, qs.length) - 1] ?? qs[0] ?? '';
}

/** A tablecloth's Yjs document name: one per table per round. */
export function tableclothDocName(tableId: string, round: number): string {
  return `cafe:${tableId}:${round}`;
}

const docNamePattern =
  /^cafe:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):([1-9][0-9]?)$/;

export function parseTableclothDocName(name: string): { tableId: string; round: number } | null {
  const m = docNamePattern.exec(name);
  return m ? { tableId: m[1]!, round: Number(m[2]) } : null;
}

/** Milliseconds left in the current phase, from the state and the corrected local clock. */
export function remainingMs(state: Pick<CafeState, 'endsAt' | 'remainingMs'>, now: number): number {
  if (state.endsAt) return Math.max(0, Date.parse(state.endsAt) - now);
  return state.remainingMs ?? 0;
}
