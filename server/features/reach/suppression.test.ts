import { describe, expect, it } from 'vitest';
import {
  THRESHOLD,
  pinnedEntries,
  protectTable,
  type Protection,
  type Status,
} from './suppression.ts';
import { mulberry32 } from '../../../shared/domain/random.ts';

/** Counts like a reach table's: many small numbers, some empty, some large. */
function randomTable(rand: () => number, rows: number, cols: number, max = 14): number[][] {
  return Array.from({ length: rows }, () =>
    Array.from({ length: cols }, () => {
      const r = rand();
      if (r < 0.25) return 0;
      if (r < 0.6) return 1 + Math.floor(rand() * (THRESHOLD - 1));
      return THRESHOLD + Math.floor(rand() * (max - THRESHOLD + 1));
    }),
  );
}

type Entry = { value: number; status: Status };

function entriesOf(cells: number[][], p: Protection) {
  const rows = cells.map((row) => row.reduce((s, v) => s + v, 0));
  const cols = (cells[0] ?? []).map((_, j) => cells.reduce((s, row) => s + row[j]!, 0));
  const total = rows.reduce((s, v) => s + v, 0);
  return { rows, cols, total, p };
}

/** Every line a reader can add up: each row with its total, each column with its total, totals. */
function lines(cells: number[][], p: Protection): Entry[][] {
  const { rows, cols, total } = entriesOf(cells, p);
  const out: Entry[][] = [];
  cells.forEach((row, i) =>
    out.push([
      ...row.map((value, j) => ({ value, status: p.cells[i]![j]! })),
      { value: rows[i]!, status: p.rowTotals[i]! },
    ]),
  );
  cols.forEach((c, j) =>
    out.push([
      ...cells.map((row, i) => ({ value: row[j]!, status: p.cells[i]![j]! })),
      { value: c, status: p.colTotals[j]! },
    ]),
  );
  out.push([
    ...rows.map((value, i) => ({ value, status: p.rowTotals[i]! })),
    { value: total, status: p.total },
  ]);
  out.push([
    ...cols.map((value, j) => ({ value, status: p.colTotals[j]! })),
    { value: total, status: p.total },
  ]);
  return out;
}

/**
 * An auditor that shares no code with the one under test: it lists every table a reader could
 * believe (shown numbers exact, "fewer than 5" 0 to 4, hidden 5 or more) and collects the values
 * each entry takes across them. An entry with one value is one a reader can work out.
 */
function bruteForceValues(cells: number[][], p: Protection): Map<string, Set<number>> {
  const R = cells.length;
  const C = cells[0]!.length;
  const trueTotal = cells.flat().reduce((s, v) => s + v, 0);
  const cap = trueTotal + 6;
  const domain = (status: Status, value: number) =>
    status === 'shown'
      ? [value]
      : status === 'fewer'
        ? [0, 1, 2, 3, 4]
        : Array.from({ length: cap - THRESHOLD + 1 }, (_, k) => THRESHOLD + k);
  const fits = (status: Status, truth: number, v: number) =>
    status === 'shown' ? v === truth : status === 'fewer' ? v < THRESHOLD : v >= THRESHOLD;
  const upper = (status: Status, truth: number) =>
    status === 'shown' ? truth : status === 'fewer' ? THRESHOLD - 1 : Infinity;
  const { rows, cols, total } = entriesOf(cells, p);
  const seen = new Map<string, Set<number>>();
  const note = (key: string, v: number) => {
    if (!seen.has(key)) seen.set(key, new Set());
    seen.get(key)!.add(v);
  };
  const x: number[][] = cells.map((row) => row.map(() => 0));
  const colSums = new Array<number>(C).fill(0);
  let solutions = 0;
  const visit = (k: number, running: number) => {
    if (solutions > 200_000) throw new Error('table too large for brute force');
    if (running > upper(p.total, total)) return;
    if (k === R * C) {
      if (!fits(p.total, total, running)) return;
      for (let j = 0; j < C; j++) if (!fits(p.colTotals[j]!, cols[j]!, colSums[j]!)) return;
      solutions++;
      x.forEach((row, i) => {
        row.forEach((v, j) => note(`c${i},${j}`, v));
        note(
          `r${i}`,
          row.reduce((s, v) => s + v, 0),
        );
      });
      colSums.forEach((v, j) => note(`k${j}`, v));
      note('t', running);
      return;
    }
    const i = Math.floor(k / C);
    const j = k % C;
    for (const v of domain(p.cells[i]![j]!, cells[i]![j]!)) {
      if (colSums[j]! + v > upper(p.colTotals[j]!, cols[j]!)) continue;
      x[i]![j] = v;
      colSums[j]! += v;
      const rowDone = j === C - 1;
      const rowSum = x[i]!.reduce((s, w) => s + w, 0);
      if (!rowDone || fits(p.rowTotals[i]!, rows[i]!, rowSum)) visit(k + 1, running + v);
      colSums[j]! -= v;
    }
  };
  visit(0, 0);
  expect(solutions, 'the true table fits what is shown').toBeGreaterThan(0);
  return seen;
}

function hiddenKeys(p: Protection): string[] {
  const out: string[] = [];
  p.cells.forEach((row, i) => row.forEach((s, j) => s !== 'shown' && out.push(`c${i},${j}`)));
  p.rowTotals.forEach((s, i) => s !== 'shown' && out.push(`r${i}`));
  p.colTotals.forEach((s, j) => s !== 'shown' && out.push(`k${j}`));
  if (p.total !== 'shown') out.push('t');
  return out;
}

describe('small-number suppression', () => {
  it('[REC13] counts below 5 are "fewer than 5", and a lone hidden cell in a row gets company', () => {
    const cells = [
      [12, 3],
      [20, 9],
    ];
    const p = protectTable(cells);
    expect(p.cells[0]![1]).toBe('fewer');
    // Row 0 would give 15 - 12 = 3, column 1 would give 12 - 9 = 3: both lines need another.
    expect(lines(cells, p).every((l) => l.filter((e) => e.status !== 'shown').length !== 1)).toBe(
      true,
    );
    expect(pinnedEntries(cells, p)).toEqual([]);
  });

  it('[REC13] zero is below 5 too: an answer nobody gave is "fewer than 5"', () => {
    const p = protectTable([[0], [40]]);
    expect(p.cells[0]![0]).toBe('fewer');
    expect(p.cells[1]![0]).not.toBe('shown');
  });

  it('[REC13] a table of big numbers is shown whole', () => {
    const p = protectTable([
      [10, 12],
      [7, 30],
    ]);
    expect(
      [...p.cells.flat(), ...p.rowTotals, ...p.colTotals, p.total].every((s) => s === 'shown'),
    ).toBe(true);
  });

  it('the brute-force auditor does catch a count given away by subtraction', () => {
    // Only the small cell hidden: 15 - 12 = 3 is there for anyone to work out.
    const cells = [
      [12, 3],
      [20, 9],
    ];
    const naive: Protection = {
      cells: [
        ['shown', 'fewer'],
        ['shown', 'shown'],
      ],
      rowTotals: ['shown', 'shown'],
      colTotals: ['shown', 'shown'],
      total: 'shown',
    };
    expect(bruteForceValues(cells, naive).get('c0,1')!.size).toBe(1);
    expect(pinnedEntries(cells, naive)).toEqual([{ kind: 'cell', row: 0, col: 1 }]);
  });

  it('[REC13] property: every shown count is 5 or more, and no hidden count can be worked out (checked by listing every table a reader could believe)', () => {
    const rand = mulberry32(20260601);
    for (let n = 0; n < 250; n++) {
      const rows = 1 + Math.floor(rand() * 3);
      const cols = 1 + Math.floor(rand() * 3);
      const cells = randomTable(rand, rows, cols, 11);
      const p = protectTable(cells);
      const { rows: rs, cols: cs, total } = entriesOf(cells, p);
      const shown: number[] = [
        ...cells.flatMap((row, i) => row.filter((_, j) => p.cells[i]![j] === 'shown')),
        ...rs.filter((_, i) => p.rowTotals[i] === 'shown'),
        ...cs.filter((_, j) => p.colTotals[j] === 'shown'),
        ...(p.total === 'shown' ? [total] : []),
      ];
      expect(
        shown.every((v) => v >= THRESHOLD),
        JSON.stringify(cells),
      ).toBe(true);
      // "Fewer than 5" is never said of a count of 5 or more.
      cells.forEach((row, i) =>
        row.forEach((v, j) => {
          if (p.cells[i]![j] === 'fewer') expect(v).toBeLessThan(THRESHOLD);
        }),
      );
      const values = bruteForceValues(cells, p);
      for (const key of hiddenKeys(p)) {
        expect(values.get(key)!.size, `${key} of ${JSON.stringify(cells)}`).toBeGreaterThan(1);
      }
    }
  }, 60_000);

  it('[REC13] property, reach-sized tables: no row or column has a single hidden entry, and no hidden entry is pinned', () => {
    const rand = mulberry32(7);
    for (let n = 0; n < 60; n++) {
      const rows = 2 + Math.floor(rand() * 19);
      const cols = 1 + Math.floor(rand() * 4);
      const cells = randomTable(rand, rows, cols, 40);
      const p = protectTable(cells);
      for (const line of lines(cells, p)) {
        const hidden = line.filter((e) => e.status !== 'shown');
        expect(hidden.length, JSON.stringify(cells)).not.toBe(1);
        if (hidden.length > 0 && hidden.length < line.length) {
          // The hidden entries' sum is known; it must not force each to one value (all 0s, say).
          const sum = hidden.reduce((s, e) => s + e.value, 0);
          expect(sum === 0 && hidden.every((e) => e.status === 'fewer')).toBe(false);
        }
      }
      expect(pinnedEntries(cells, p)).toEqual([]);
    }
  }, 60_000);

  it('[REC13] entries asked to be hidden are hidden, and protected like the rest', () => {
    const cells = [
      [10, 20],
      [30, 40],
    ];
    const p = protectTable(cells, {
      alsoHide: (e) => e.kind === 'cell' && e.row === 0 && e.col === 0,
    });
    expect(p.cells[0]![0]).toBe('hidden');
    expect(pinnedEntries(cells, p)).toEqual([]);
    expect(lines(cells, p).every((l) => l.filter((e) => e.status !== 'shown').length !== 1)).toBe(
      true,
    );
  });
});
