/**
 * CSV for spreadsheets. Cells are quoted, and a cell that a spreadsheet would run as a formula
 * (starting with = + - @ or a tab) is prefixed with an apostrophe: the text a participant typed
 * must never execute on an officer's computer.
 */
export function toCsv(header: string[], rows: (string | number | null)[][]): string {
  const cell = (v: string | number | null) => {
    let s = v === null ? '' : String(v);
    if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return `"${s.replace(/"/g, '""')}"`;
  };
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
