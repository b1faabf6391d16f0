/**
 * Small-number suppression for the reach report (REC13).
 *
 * A table is counts of people by answer (rows) and group (columns), published with its row
 * totals, column totals and grand total. Every entry below THRESHOLD is hidden ("fewer than 5":
 * primary suppression). Hiding those is not enough: a hidden cell in a row whose other cells and
 * total are shown is the total minus the rest. So more entries are hidden (secondary
 * suppression) until no hidden entry can be worked out exactly from what is shown.
 *
 * "Worked out" is checked exactly, not by a rule of thumb: a reader knows every shown number,
 * that a "fewer than 5" entry is 0 to 4, and that an entry hidden for the second reason is at
 * least 5 (it was shown-worthy). The tables that fit all of that are the integer flows of a small
 * network (rows -> cells -> columns, totals on the source and sink edges), so whether an entry
 * could be one more or one less than it is comes down to two max-flow feasibility checks. If
 * neither fits, the entry is pinned and another entry in its row or column is hidden.
 */

export const THRESHOLD = 5;

export type Status = 'shown' | 'fewer' | 'hidden';

export type Protection = {
  cells: Status[][];
  rowTotals: Status[];
  colTotals: Status[];
  total: Status;
};

/** Entries are numbered: cells row by row, then row totals, column totals, the grand total. */
type Layout = { rows: number; cols: number; values: number[] };

function layoutOf(cells: readonly (readonly number[])[]): Layout {
  const rows = cells.length;
  const cols = rows === 0 ? 0 : cells[0]!.length;
  const values: number[] = [];
  for (const row of cells) {
    if (row.length !== cols) throw new Error('Every row needs the same number of columns');
    for (const v of row) {
      if (!Number.isInteger(v) || v < 0) throw new Error('Counts are whole numbers, 0 or more');
      values.push(v);
    }
  }
  for (const row of cells) values.push(row.reduce((s, v) => s + v, 0));
  for (let j = 0; j < cols; j++) values.push(cells.reduce((s, row) => s + row[j]!, 0));
  values.push(values.slice(0, rows * cols).reduce((s, v) => s + v, 0));
  return { rows, cols, values };
}

const cellId = (l: Layout, i: number, j: number) => i * l.cols + j;
const rowTotalId = (l: Layout, i: number) => l.rows * l.cols + i;
const colTotalId = (l: Layout, j: number) => l.rows * l.cols + l.rows + j;
const totalId = (l: Layout) => l.rows * l.cols + l.rows + l.cols;

/** Bigger than any count a table holds; stands for "no upper bound". */
const UNBOUNDED = 1e9;

/** What a reader knows of an entry: its exact value, or the range its label implies. */
function boundsOf(status: Status, value: number): [number, number] {
  if (status === 'shown') return [value, value];
  if (status === 'fewer') return [0, THRESHOLD - 1];
  return [THRESHOLD, UNBOUNDED];
}

// ------------------------------------------------------------------ max-flow feasibility

type Edge = { to: number; cap: number; rev: number };

class FlowGraph {
  readonly adj: Edge[][];
  constructor(n: number) {
    this.adj = Array.from({ length: n }, () => []);
  }
  add(from: number, to: number, cap: number) {
    this.adj[from]!.push({ to, cap, rev: this.adj[to]!.length });
    this.adj[to]!.push({ to: from, cap: 0, rev: this.adj[from]!.length - 1 });
  }
  /** Edmonds-Karp: the graphs here have a few hundred edges at most. */
  maxFlow(s: number, t: number): number {
    let flow = 0;
    for (;;) {
      const prev: ([number, number] | null)[] = this.adj.map(() => null);
      const queue = [s];
      const seen = new Set([s]);
      while (queue.length > 0 && !seen.has(t)) {
        const u = queue.shift()!;
        this.adj[u]!.forEach((e, k) => {
          if (e.cap > 0 && !seen.has(e.to)) {
            seen.add(e.to);
            prev[e.to] = [u, k];
            queue.push(e.to);
          }
        });
      }
      if (!seen.has(t)) return flow;
      let push = Infinity;
      for (let v = t; v !== s;) {
        const [u, k] = prev[v]!;
        push = Math.min(push, this.adj[u]![k]!.cap);
        v = u;
      }
      for (let v = t; v !== s;) {
        const [u, k] = prev[v]!;
        const e = this.adj[u]![k]!;
        e.cap -= push;
        this.adj[v]![e.rev]!.cap += push;
        v = u;
      }
      flow += push;
    }
  }
}

/**
 * Whether some table of whole numbers fits every entry's bounds. Nodes: source, sink, one per
 * row, one per column; the grand total is the flow from sink back to source (a circulation), and
 * lower bounds are moved onto a super source and sink in the usual way.
 */
function feasible(l: Layout, bounds: [number, number][]): boolean {
  const S = 0;
  const T = 1;
  const row = (i: number) => 2 + i;
  const col = (j: number) => 2 + l.rows + j;
  const superS = 2 + l.rows + l.cols;
  const superT = superS + 1;
  const g = new FlowGraph(superT + 1);
  const excess = new Array<number>(superT + 1).fill(0);
  const edge = (from: number, to: number, [lo, hi]: [number, number]) => {
    if (lo > hi) return false;
    if (hi > lo) g.add(from, to, hi - lo);
    excess[to]! += lo;
    excess[from]! -= lo;
    return true;
  };
  let ok = true;
  for (let i = 0; i < l.rows; i++) ok &&= edge(S, row(i), bounds[rowTotalId(l, i)]!);
  for (let i = 0; i < l.rows; i++)
    for (let j = 0; j < l.cols; j++) ok &&= edge(row(i), col(j), bounds[cellId(l, i, j)]!);
  for (let j = 0; j < l.cols; j++) ok &&= edge(col(j), T, bounds[colTotalId(l, j)]!);
  ok &&= edge(T, S, bounds[totalId(l)]!);
  if (!ok) return false;
  let need = 0;
  excess.forEach((e, v) => {
    if (e > 0) {
      g.add(superS, v, e);
      need += e;
    } else if (e < 0) g.add(v, superT, -e);
  });
  return g.maxFlow(superS, superT) === need;
}

function boundsFor(l: Layout, statuses: Status[]): [number, number][] {
  return statuses.map((s, k) => boundsOf(s, l.values[k]!));
}

/** Whether the entry could be `value` given everything a reader knows. */
function couldBe(l: Layout, statuses: Status[], entry: number, value: number): boolean {
  const [lo, hi] = boundsOf(statuses[entry]!, l.values[entry]!);
  if (value < lo || value > hi) return false;
  const bounds = boundsFor(l, statuses);
  bounds[entry] = [value, value];
  return feasible(l, bounds);
}

/**
 * A hidden entry is pinned when a reader can work out its exact value. The values an entry can
 * take form a run of whole numbers (the network's polytope is integral), so it is pinned exactly
 * when neither one more nor one less fits.
 */
function isPinned(l: Layout, statuses: Status[], entry: number): boolean {
  const v = l.values[entry]!;
  return !couldBe(l, statuses, entry, v - 1) && !couldBe(l, statuses, entry, v + 1);
}

/** The lowest and highest value a reader could give a hidden entry (capped `reach` from it). */
function rangeOf(l: Layout, statuses: Status[], entry: number, reach = 200): [number, number] {
  const v = l.values[entry]!;
  let lo = v;
  while (lo > v - reach && couldBe(l, statuses, entry, lo - 1)) lo--;
  let hi = v;
  while (hi < v + reach && couldBe(l, statuses, entry, hi + 1)) hi++;
  return [lo, hi === v + reach ? Infinity : hi];
}

/** The entries sharing a row or column (with its total) with `entry`. */
function linesOf(l: Layout, entry: number): number[][] {
  const rowLine = (i: number) => [
    ...Array.from({ length: l.cols }, (_, j) => cellId(l, i, j)),
    rowTotalId(l, i),
  ];
  const colLine = (j: number) => [
    ...Array.from({ length: l.rows }, (_, i) => cellId(l, i, j)),
    colTotalId(l, j),
  ];
  const totalsColumn = [...Array.from({ length: l.rows }, (_, i) => rowTotalId(l, i)), totalId(l)];
  const totalsRow = [...Array.from({ length: l.cols }, (_, j) => colTotalId(l, j)), totalId(l)];
  const cells = l.rows * l.cols;
  if (entry < cells) return [rowLine(Math.floor(entry / l.cols)), colLine(entry % l.cols)];
  if (entry < cells + l.rows) return [rowLine(entry - cells), totalsColumn];
  if (entry < cells + l.rows + l.cols) return [colLine(entry - cells - l.rows), totalsRow];
  return [totalsColumn, totalsRow];
}

/**
 * The entry to hide next to protect `entry`: a shown one in the same row or column, the least
 * worth keeping first, and of those the largest. A large hidden count is still known to within a
 * few people (the total less the rest), and the smaller counts a report exists to talk about,
 * like the few residents over 65, stay shown.
 */
function nextToHide(
  l: Layout,
  statuses: Status[],
  entry: number,
  keep: (ref: EntryRef) => number,
): number | undefined {
  const rank = (k: number) => [keep(refOf(l, k)), -l.values[k]!, k];
  const ranked = (candidates: number[]) =>
    candidates
      .filter((k) => statuses[k] === 'shown')
      .sort((a, b) => {
        const [ra, rb] = [rank(a), rank(b)];
        return ra[0]! - rb[0]! || ra[1]! - rb[1]! || ra[2]! - rb[2]!;
      });
  // The first entry, anywhere in the table, whose hiding alone frees this one: the pin may run
  // through other rows and columns, and hiding in its own lines may not reach it.
  for (const k of ranked(statuses.map((_, i) => i))) {
    const trial = [...statuses];
    trial[k] = 'hidden';
    if (!isPinned(l, trial, entry)) return k;
  }
  return ranked(linesOf(l, entry).flat())[0] ?? ranked(statuses.map((_, k) => k))[0];
}

function toProtection(l: Layout, statuses: Status[]): Protection {
  return {
    cells: Array.from({ length: l.rows }, (_, i) =>
      Array.from({ length: l.cols }, (_, j) => statuses[cellId(l, i, j)]!),
    ),
    rowTotals: Array.from({ length: l.rows }, (_, i) => statuses[rowTotalId(l, i)]!),
    colTotals: Array.from({ length: l.cols }, (_, j) => statuses[colTotalId(l, j)]!),
    total: statuses[totalId(l)]!,
  };
}

function fromProtection(l: Layout, p: Protection): Status[] {
  const out: Status[] = [];
  p.cells.forEach((row) => out.push(...row));
  out.push(...p.rowTotals, ...p.colTotals, p.total);
  if (out.length !== l.values.length) throw new Error('Protection does not fit the table');
  return out;
}

export type ProtectOptions = {
  /** Entries to hide whatever their size (the record report hides what would reveal a workshop's). */
  alsoHide?: (entry: EntryRef) => boolean;
  /**
   * How much an entry is worth keeping when one more must be hidden: lowest goes first. By
   * default inner cells, then row and column totals, then the grand total.
   */
  keep?: (entry: EntryRef) => number;
};

const defaultKeep = (e: EntryRef) => (e.kind === 'cell' ? 0 : e.kind === 'total' ? 2 : 1);

export type EntryRef =
  | { kind: 'cell'; row: number; col: number }
  | { kind: 'rowTotal'; row: number }
  | { kind: 'colTotal'; col: number }
  | { kind: 'total' };

function refOf(l: Layout, k: number): EntryRef {
  const cells = l.rows * l.cols;
  if (k < cells) return { kind: 'cell', row: Math.floor(k / l.cols), col: k % l.cols };
  if (k < cells + l.rows) return { kind: 'rowTotal', row: k - cells };
  if (k < cells + l.rows + l.cols) return { kind: 'colTotal', col: k - cells - l.rows };
  return { kind: 'total' };
}

/**
 * Decides which entries of a table may be shown. Counts below THRESHOLD are "fewer"; more are
 * "hidden" until no hidden entry can be worked out from the shown ones (or nothing is shown).
 */
export function protectTable(
  cells: readonly (readonly number[])[],
  opts: ProtectOptions = {},
): Protection {
  const l = layoutOf(cells);
  const statuses: Status[] = l.values.map((v, k) =>
    v < THRESHOLD ? 'fewer' : opts.alsoHide?.(refOf(l, k)) ? 'hidden' : 'shown',
  );
  for (;;) {
    const pinned = statuses.findIndex((s, k) => s !== 'shown' && isPinned(l, statuses, k));
    if (pinned < 0) break;
    const next = nextToHide(l, statuses, pinned, opts.keep ?? defaultKeep);
    if (next === undefined) break;
    statuses[next] = 'hidden';
  }
  return toProtection(l, statuses);
}

/** For tests and the record report: every hidden entry a reader could work out exactly. */
export function pinnedEntries(cells: readonly (readonly number[])[], p: Protection): EntryRef[] {
  const l = layoutOf(cells);
  const statuses = fromProtection(l, p);
  return statuses.flatMap((s, k) =>
    s !== 'shown' && isPinned(l, statuses, k) ? [refOf(l, k)] : [],
  );
}

/** The range a reader could put a hidden entry in, from everything the table shows. */
export function readerRange(
  cells: readonly (readonly number[])[],
  p: Protection,
  ref: EntryRef,
): [number, number] {
  const l = layoutOf(cells);
  const statuses = fromProtection(l, p);
  const k =
    ref.kind === 'cell'
      ? cellId(l, ref.row, ref.col)
      : ref.kind === 'rowTotal'
        ? rowTotalId(l, ref.row)
        : ref.kind === 'colTotal'
          ? colTotalId(l, ref.col)
          : totalId(l);
  if (statuses[k] === 'shown') return [l.values[k]!, l.values[k]!];
  return rangeOf(l, statuses, k);
}
