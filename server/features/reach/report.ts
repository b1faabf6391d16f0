import {
  PREFER_NOT,
  answerKeys,
  equalityQuestions,
  optionOf,
  type EqualityQuestion,
} from '../../../shared/domain/equality.ts';
import type { Group } from '../../../shared/domain/groups.ts';
import type {
  Cell,
  ReachQuestion,
  ReachReport,
  ReferenceRow,
  Share,
  UnderRepresented,
} from '../../../shared/protocol/reach.ts';
import type { AnswerRow, WorkshopHead } from './store.ts';
import {
  THRESHOLD,
  protectTable,
  readerRange,
  type EntryRef,
  type Protection,
  type Status,
} from './suppression.ts';

/**
 * Builds reach reports from the answers (REC13). Each characteristic is a table of answers by
 * group with its totals, protected by suppression.ts. A record's tables are sums of its
 * workshops' tables, and each workshop's own report is published too, so a record's number is
 * also hidden when it would give away a number a workshop's report hides (record minus the
 * other workshops' shown numbers).
 */

/** Compared with the borough: the group whose share is set against the census, if present. */
const COMPARE_GROUP = 'resident';
/** A group is named under-represented when its share here is below this part of the borough's. */
const UNDER_FACTOR = 0.75;
/** Groups smaller than this share of the borough (in %) are too small to judge either way. */
const MIN_BOROUGH_PERCENT = 2;

type Table = { question: EqualityQuestion; answers: string[]; groups: string[]; cells: number[][] };
type Protected = Table & { protection: Protection };

/**
 * The groups that have answers, in the workshop's order. A group nobody from which answered is
 * left out rather than shown as a column of "fewer than 5": that would force other numbers to be
 * hidden, and it says only that nobody from the group answered, nothing about anyone.
 */
function groupKeysOf(groups: readonly Group[], answers: readonly AnswerRow[]): string[] {
  const present = new Set(answers.map((a) => a.groupKey));
  // With no answers at all, every group stays, so the report does not say "none" outright.
  if (present.size === 0) return groups.map((g) => g.key);
  const keys = groups.map((g) => g.key).filter((k) => present.has(k));
  // A group removed after people answered in it still counts, under its key.
  for (const k of present) if (!keys.includes(k)) keys.push(k);
  return keys;
}

function tableOf(question: EqualityQuestion, answers: AnswerRow[], groups: string[]): Table {
  const keys = answerKeys(question.key);
  const cells = keys.map(() => groups.map(() => 0));
  for (const a of answers) {
    const i = keys.indexOf(a.answers[question.key] ?? '');
    const j = groups.indexOf(a.groupKey);
    if (i >= 0 && j >= 0) cells[i]![j]! += 1;
  }
  return { question, answers: keys, groups, cells };
}

const cellOf = (status: Status, value: number): Cell =>
  status === 'shown'
    ? { kind: 'count', value }
    : status === 'fewer'
      ? { kind: 'fewer' }
      : { kind: 'hidden' };

const plainCell = (value: number): Cell => cellOf(value < THRESHOLD ? 'fewer' : 'shown', value);

const sum = (xs: number[]) => xs.reduce((s, v) => s + v, 0);

function valueAt(t: Table, ref: EntryRef): number {
  if (ref.kind === 'cell') return t.cells[ref.row]![ref.col]!;
  if (ref.kind === 'rowTotal') return sum(t.cells[ref.row]!);
  if (ref.kind === 'colTotal') return sum(t.cells.map((r) => r[ref.col]!));
  return sum(t.cells.flat());
}

function statusAt(p: Protection, ref: EntryRef): Status {
  if (ref.kind === 'cell') return p.cells[ref.row]![ref.col]!;
  if (ref.kind === 'rowTotal') return p.rowTotals[ref.row]!;
  if (ref.kind === 'colTotal') return p.colTotals[ref.col]!;
  return p.total;
}

type Constituent = { value: number; status: Status; range: () => [number, number] };

/**
 * Whether publishing `total` (the sum of the constituents) would let a reader pin a hidden
 * constituent: with one hidden, total minus the shown ones is its value; with several, their sum
 * is known, which pins them only when it is the least or the most they could add up to.
 */
export function wouldReveal(total: number, parts: Constituent[]): boolean {
  const hidden = parts.filter((c) => c.status !== 'shown');
  if (hidden.length === 0) return false;
  if (hidden.length === 1) return true;
  const known = total - sum(parts.filter((c) => c.status === 'shown').map((c) => c.value));
  let lo = 0;
  let hi = 0;
  for (const c of hidden) {
    const [a, b] = c.range();
    lo += a;
    hi += b;
  }
  return known <= lo || known >= hi;
}

/**
 * What to keep shown when more must be hidden: the compared group's counts and total (what the
 * borough comparison reads), then the grand total, then everyone's counts, other groups' last.
 */
function keepFor(groups: string[]) {
  const compare = groups.indexOf(COMPARE_GROUP);
  return (e: EntryRef) => {
    if (e.kind === 'total') return 4;
    if (e.kind === 'rowTotal') return 1;
    if (e.kind === 'colTotal') return e.col === compare ? 5 : 2;
    return e.col === compare ? 3 : 0;
  };
}

function protectWorkshop(question: EqualityQuestion, answers: AnswerRow[], groups: string[]) {
  const t = tableOf(question, answers, groups);
  return { ...t, protection: protectTable(t.cells, { keep: keepFor(groups) }) };
}

/** The record's table, hiding what would give away a number a workshop's own report hides. */
function protectRecord(record: Table, parts: Protected[]): Protected {
  const constituentsOf = (ref: EntryRef): Constituent[] =>
    parts.flatMap((w) => {
      let local: EntryRef = ref;
      if (ref.kind === 'cell' || ref.kind === 'colTotal') {
        const col = w.groups.indexOf(record.groups[ref.col]!);
        // A workshop without this group adds a known zero.
        if (col < 0) return [];
        local = { ...ref, col };
      }
      let range: [number, number] | undefined;
      return [
        {
          value: valueAt(w, local),
          status: statusAt(w.protection, local),
          range: () => (range ??= readerRange(w.cells, w.protection, local)),
        },
      ];
    });
  const protection = protectTable(record.cells, {
    alsoHide: (ref) => wouldReveal(valueAt(record, ref), constituentsOf(ref)),
    keep: keepFor(record.groups),
  });
  return { ...record, protection };
}

const percent = (x: number) => (x > 0 && x < 1 ? Math.round(x * 10) / 10 : Math.round(x));

function shareHere(count: Cell, base: Cell): Share | null {
  if (base.kind !== 'count') return null;
  if (count.kind === 'count')
    return { kind: 'percent', value: percent((100 * count.value) / base.value) };
  if (count.kind === 'fewer')
    return { kind: 'under', value: Math.ceil((100 * THRESHOLD) / base.value) };
  return null;
}

function describeQuestion(
  t: Protected,
  reference: Map<string, number>,
): { question: ReachQuestion; under: UnderRepresented[] } {
  const p = t.protection;
  const compareCol = t.groups.indexOf(COMPARE_GROUP);
  const useGroup = compareCol >= 0 && p.colTotals[compareCol] === 'shown';
  const base = useGroup
    ? cellOf(p.colTotals[compareCol]!, valueAt(t, { kind: 'colTotal', col: compareCol }))
    : cellOf(p.total, valueAt(t, { kind: 'total' }));
  const under: UnderRepresented[] = [];
  const rows = t.answers.map((answer, i) => {
    const option = optionOf(t.question.key, answer)!;
    const count = cellOf(p.rowTotals[i]!, sum(t.cells[i]!));
    const compared = useGroup ? cellOf(p.cells[i]![compareCol]!, t.cells[i]![compareCol]!) : count;
    const here = shareHere(compared, base);
    const boroughShare = reference.get(`${t.question.key}/${answer}`);
    const borough = boroughShare === undefined ? null : percent(boroughShare * 100);
    if (here && borough !== null && answer !== PREFER_NOT && borough >= MIN_BOROUGH_PERCENT) {
      const exact = boroughShare! * 100;
      const below =
        here.kind === 'percent'
          ? here.value < UNDER_FACTOR * exact
          : here.value <= UNDER_FACTOR * exact;
      if (below) {
        const hereText =
          here.kind === 'percent'
            ? `${here.value}% here`
            : `fewer than ${THRESHOLD} people (under ${here.value}%) here`;
        under.push({
          question: t.question.key,
          answer,
          people: option.people,
          here,
          borough,
          text: `${option.people}: ${hereText} vs ${borough}% of the borough`,
        });
      }
    }
    return {
      answer,
      label: option.label,
      count,
      byGroup: Object.fromEntries(
        t.groups.map((g, j) => [g, cellOf(p.cells[i]![j]!, t.cells[i]![j]!)]),
      ),
      here,
      borough,
    };
  });
  return {
    question: {
      question: t.question.key,
      label: t.question.label,
      comparedWith: useGroup ? { kind: 'group', key: COMPARE_GROUP } : { kind: 'everyone' },
      answered: cellOf(p.total, valueAt(t, { kind: 'total' })),
      answeredByGroup: Object.fromEntries(
        t.groups.map((g, j) => [
          g,
          cellOf(p.colTotals[j]!, valueAt(t, { kind: 'colTotal', col: j })),
        ]),
      ),
      rows,
    },
    under,
  };
}

function assemble(
  scope: ReachReport['scope'],
  heads: WorkshopHead[],
  groups: ReachReport['groups'],
  tables: Protected[],
  respondents: Cell,
  workshops: ReachReport['workshops'],
  reference: ReferenceRow[],
): ReachReport {
  const ref = new Map(reference.map((r) => [`${r.question}/${r.answer}`, r.share]));
  const described = tables.map((t) => describeQuestion(t, ref));
  const deleted = heads
    .map((h) => h.personalDataDeletedAt)
    .filter((d): d is string => d !== null)
    .sort();
  return {
    scope,
    threshold: THRESHOLD,
    joined: sum(heads.map((h) => h.joined)),
    respondents,
    groups,
    questions: described.map((d) => d.question),
    underRepresented: described.flatMap((d) => d.under),
    workshops,
    personalDataDeletedAt: deleted.at(-1) ?? null,
  };
}

function groupsOf(heads: WorkshopHead[], keys: string[]): ReachReport['groups'] {
  return keys.map((key) => ({
    key,
    label: heads.flatMap((h) => h.groups).find((g) => g.key === key)?.label ?? null,
  }));
}

export function workshopReport(
  head: WorkshopHead,
  answers: AnswerRow[],
  reference: ReferenceRow[],
): ReachReport {
  const keys = groupKeysOf(head.groups, answers);
  const tables = equalityQuestions.map((q) => protectWorkshop(q, answers, keys));
  return assemble(
    { kind: 'workshop', id: head.id, title: head.title },
    [head],
    groupsOf([head], keys),
    tables,
    plainCell(answers.length),
    [],
    reference,
  );
}

export function recordReport(
  record: { id: string; title: string },
  heads: WorkshopHead[],
  answers: AnswerRow[],
  reference: ReferenceRow[],
): ReachReport {
  const byWorkshop = heads.map((h) => {
    const own = answers.filter((a) => a.workshopId === h.id);
    return { head: h, answers: own, keys: groupKeysOf(h.groups, own) };
  });
  const keys: string[] = [];
  for (const w of byWorkshop) for (const k of w.keys) if (!keys.includes(k)) keys.push(k);
  const tables = equalityQuestions.map((q) =>
    protectRecord(
      tableOf(q, answers, keys),
      byWorkshop.map((w) => protectWorkshop(q, w.answers, w.keys)),
    ),
  );
  // Each workshop's count of respondents is shown as its own report shows it; the record's total
  // is hidden when it would give one of those away.
  const counts = byWorkshop.map((w) => w.answers.length);
  const total = sum(counts);
  const reveals = wouldReveal(
    total,
    counts.map((n) => ({
      value: n,
      status: n < THRESHOLD ? 'fewer' : 'shown',
      range: (): [number, number] => [0, THRESHOLD - 1],
    })),
  );
  return assemble(
    { kind: 'record', id: record.id, title: record.title },
    heads,
    groupsOf(heads, keys),
    tables,
    total < THRESHOLD ? { kind: 'fewer' } : reveals ? { kind: 'hidden' } : plainCell(total),
    byWorkshop.map((w) => ({
      id: w.head.id,
      title: w.head.title,
      respondents: plainCell(w.answers.length),
    })),
    reference,
  );
}
