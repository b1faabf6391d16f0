/** How the benches print their figures. */

export const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(v < 100 ? 1 : 0)} ms` : '-');
export const pct = (v: number) => `${v.toFixed(1)}%`;
export const ratio = (a: number, b: number) =>
  Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `x${(a / b).toFixed(2)}` : '-';
export const mb = (v: number) => `${v.toFixed(0)} MB`;

export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
        .join('  '),
    )
    .join('\n');
}

export function list(counts: Record<string, number>): string {
  const entries = Object.entries(counts);
  return entries.length ? `: ${entries.map(([why, n]) => `${n}x ${why}`).join(', ')}` : '';
}
