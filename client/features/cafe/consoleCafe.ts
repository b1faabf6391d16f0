import {
  CAFE_INSIGHTS_MAX,
  CAFE_TABLES_MAX,
  proposeTableCount,
  tableColours,
  type CafeInsight,
  type CafePhase,
  type CafeSeatRow,
  type CafeState,
  type CafeTable,
  type CafeTableInput,
  type TableColour,
} from '../../../shared/domain/cafe.ts';
import type { CafeView, Tablecloth } from '../../../shared/protocol/cafe.ts';
import type { Roster } from '../../../shared/protocol/socket.ts';

/**
 * The pure shaping behind the café console's screens: which view is newer, the clock's part of
 * the round, table drafts for the set-up, seating by table, notes grouped for the harvest. Apart
 * from the components and the hook, so it is unit-tested without a browser.
 */

// ---------------------------------------------------------------- views

/** The newer of two views. Equal versions take the incoming one: tables and hosts change without a bump. */
export function newerView(prev: CafeView | null, next: CafeView): CafeView {
  if (prev && next.state.version < prev.state.version) return prev;
  return next;
}

// ---------------------------------------------------------------- the clock

/** The part of a round the clock is in, seeing through a pause. */
export function roundPart(
  state: Pick<CafeState, 'phase' | 'pausedPhase'>,
): 'moving' | 'talking' | null {
  if (state.phase === 'moving' || state.phase === 'talking') return state.phase;
  if (state.phase === 'paused') return state.pausedPhase;
  return null;
}

export function isRunning(phase: CafePhase): boolean {
  return phase === 'moving' || phase === 'talking' || phase === 'paused';
}

// ---------------------------------------------------------------- table set-up

/** A table as the set-up form holds it: the number stays text while someone types it. */
export type TableDraft = {
  /** A key for React and for this form's errors; never sent. */
  key: string;
  id?: string;
  number: string;
  name: string;
  colour: TableColour;
  place: string;
  question: string;
  online: boolean;
};

let draftKeys = 0;
const draftKey = () => `cafe-table-${(draftKeys += 1)}`;

export function tablesToDrafts(tables: readonly CafeTable[]): TableDraft[] {
  return [...tables]
    .sort((a, b) => a.number - b.number)
    .map((t) => ({
      key: draftKey(),
      id: t.id,
      number: String(t.number),
      name: t.name,
      colour: t.colour,
      place: t.place,
      question: t.question,
      online: t.online,
    }));
}

/**
 * The next table: the number after the highest, the first colour nobody has (then round again),
 * and a default name with its number, so a room can be laid out by pressing "Add" alone.
 */
export function newTableDraft(
  existing: readonly TableDraft[],
  nameFor: (n: number) => string,
): TableDraft {
  const numbers = existing.map((d) => Number(d.number)).filter((n) => Number.isInteger(n));
  const number = Math.max(0, ...numbers) + 1;
  const used = new Set(existing.map((d) => d.colour));
  const colour =
    tableColours.find((c) => !used.has(c)) ?? tableColours[existing.length % tableColours.length]!;
  return {
    key: draftKey(),
    number: String(number),
    name: nameFor(number),
    colour,
    place: '',
    question: '',
    online: false,
  };
}

/** Adds tables at the end, or takes the last ones away, until there are `count`. */
export function resizeDrafts(
  drafts: readonly TableDraft[],
  count: number,
  nameFor: (n: number) => string,
): TableDraft[] {
  const out = drafts.slice(0, Math.max(0, count));
  while (out.length < count) out.push(newTableDraft(out, nameFor));
  return out;
}

/**
 * Tables proposed from who is here (CAFE1): in-room tables for the people in the room, and online
 * tables for those joining from elsewhere, each about `target` people and never above `max`.
 * Tables already laid out are kept, in order, as far as the new counts go.
 */
export function proposeDrafts(
  drafts: readonly TableDraft[],
  people: { inRoom: number; remote: number },
  sizes: { target: number; max: number },
  nameFor: (n: number) => string,
): { drafts: TableDraft[]; room: number; online: number } {
  const online = people.remote > 0 ? proposeTableCount(people.remote, sizes.target, sizes.max) : 0;
  const room =
    people.inRoom > 0 || online === 0
      ? Math.min(
          CAFE_TABLES_MAX - online,
          proposeTableCount(people.inRoom, sizes.target, sizes.max),
        )
      : 0;
  const out = [
    ...drafts.filter((d) => !d.online).slice(0, room),
    ...drafts.filter((d) => d.online).slice(0, online),
  ];
  for (let have = out.filter((d) => !d.online).length; have < room; have++) {
    out.push(newTableDraft(out, nameFor));
  }
  for (let have = out.filter((d) => d.online).length; have < online; have++) {
    out.push({ ...newTableDraft(out, nameFor), online: true });
  }
  return { drafts: out, room, online };
}

export type DraftProblem = 'numberInvalid' | 'numberTaken' | 'nameRequired';
export type DraftProblems = Record<string, { number?: DraftProblem; name?: DraftProblem }>;

/** What the server would refuse, said next to the field before anything is sent. */
export function checkDrafts(drafts: readonly TableDraft[]): DraftProblems {
  const out: DraftProblems = {};
  const seen = new Map<number, number>();
  for (const d of drafts) {
    const n = Number(d.number);
    if (d.number.trim() !== '' && Number.isInteger(n)) seen.set(n, (seen.get(n) ?? 0) + 1);
  }
  for (const d of drafts) {
    const n = Number(d.number);
    const problems: DraftProblems[string] = {};
    if (d.number.trim() === '' || !Number.isInteger(n) || n < 1 || n > 999) {
      problems.number = 'numberInvalid';
    } else if ((seen.get(n) ?? 0) > 1) problems.number = 'numberTaken';
    if (d.name.trim() === '') problems.name = 'nameRequired';
    if (problems.number || problems.name) out[d.key] = problems;
  }
  return out;
}

export function draftsToInput(drafts: readonly TableDraft[]): CafeTableInput[] {
  return drafts.map((d) => ({
    ...(d.id ? { id: d.id } : {}),
    number: Number(d.number),
    name: d.name.trim(),
    colour: d.colour,
    place: d.place.trim(),
    question: d.question.trim(),
    online: d.online,
  }));
}

type RosterPerson = Roster['participants'][number];
export type HostCandidate = RosterPerson & { volunteer: boolean };

/**
 * Who may host, for the picker: those who offered first, then those here now, then the rest;
 * within each, in the order they joined. Nobody is left out: a facilitator may know better.
 */
export function hostCandidates(
  people: readonly RosterPerson[],
  volunteers: readonly string[],
): HostCandidate[] {
  const offered = new Set(volunteers);
  return people
    .map((p) => ({ ...p, volunteer: offered.has(p.id) }))
    .sort(
      (a, b) =>
        Number(b.volunteer) - Number(a.volunteer) ||
        Number(b.online) - Number(a.online) ||
        a.joinedAt.localeCompare(b.joinedAt),
    );
}

// ---------------------------------------------------------------- running

/** This round's people by table: the host first, then by name (nameless last), then by id. */
export function seatsByTable(seating: readonly CafeSeatRow[]): Map<string, CafeSeatRow[]> {
  const out = new Map<string, CafeSeatRow[]>();
  for (const s of seating) {
    const list = out.get(s.tableId) ?? [];
    list.push(s);
    out.set(s.tableId, list);
  }
  for (const list of out.values()) {
    list.sort(
      (a, b) =>
        Number(b.isHost) - Number(a.isHost) ||
        Number(a.displayName === '') - Number(b.displayName === '') ||
        a.displayName.localeCompare(b.displayName) ||
        a.participantId.localeCompare(b.participantId),
    );
  }
  return out;
}

export const byNumber = (a: Pick<CafeTable, 'number'>, b: Pick<CafeTable, 'number'>) =>
  a.number - b.number;

// ---------------------------------------------------------------- harvest

export type TableGroup = { table: CafeTable; cloths: Tablecloth[] };
export type QuestionGroup = { question: string; cloths: Tablecloth[] };

/** Every table (in number order) with its notes round by round; tables with none still show. */
export function groupByTable(
  cloths: readonly Tablecloth[],
  tables: readonly CafeTable[],
): TableGroup[] {
  return [...tables].sort(byNumber).map((table) => ({
    table,
    cloths: cloths.filter((c) => c.tableId === table.id).sort((a, b) => a.round - b.round),
  }));
}

/**
 * Notes by the question they answer, in the order the questions were first asked; within one,
 * by round and then table number. A table with its own question makes a group of its own.
 */
export function groupByQuestion(
  cloths: readonly Tablecloth[],
  tables: readonly CafeTable[],
): QuestionGroup[] {
  const numberOf = new Map(tables.map((t) => [t.id, t.number]));
  const known = cloths.filter((c) => numberOf.has(c.tableId));
  const sorted = [...known].sort(
    (a, b) => a.round - b.round || (numberOf.get(a.tableId) ?? 0) - (numberOf.get(b.tableId) ?? 0),
  );
  const groups = new Map<string, Tablecloth[]>();
  for (const c of sorted) {
    const key = c.question.trim();
    const list = groups.get(key) ?? [];
    list.push(c);
    groups.set(key, list);
  }
  return [...groups].map(([question, list]) => ({ question, cloths: list }));
}

/** Insights in their shown order (the server orders by position, then by when they were added). */
export function sortInsights(insights: readonly CafeInsight[]): CafeInsight[] {
  return insights
    .map((insight, i) => ({ insight, i }))
    .sort((a, b) => a.insight.position - b.insight.position || a.i - b.i)
    .map((x) => x.insight);
}

/**
 * Moving an insight up or down: every insight gets its index in the new order as its position,
 * and only those that changed are sent. Positions stay small and unique however many were added
 * and removed before (the server accepts 0..CAFE_INSIGHTS_MAX).
 */
export function reorderInsights(
  insights: readonly CafeInsight[],
  id: string,
  delta: -1 | 1,
): { id: string; position: number }[] {
  const order = sortInsights(insights);
  const from = order.findIndex((i) => i.id === id);
  const to = from + delta;
  if (from === -1 || to < 0 || to >= order.length) return [];
  const [moved] = order.splice(from, 1);
  order.splice(to, 0, moved!);
  return order
    .map((insight, position) => ({
      id: insight.id,
      position: Math.min(position, CAFE_INSIGHTS_MAX),
    }))
    .filter(({ id: insightId, position }) => {
      const before = insights.find((i) => i.id === insightId);
      return before?.position !== position;
    });
}
