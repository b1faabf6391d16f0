import { neutraliseCell } from '../../shared/domain/records.ts';

export type CsvCell = string | number | boolean | null;

/**
 * An RFC 4180 table: every cell quoted, CRLF line ends, UTF-8 with a byte order mark so that
 * spreadsheets read Bengali and accented text correctly rather than guessing a code page.
 *
 * Text cells go through neutraliseCell (REC5): what a participant typed must never run as a
 * formula on an officer's computer. Numbers and booleans are ours, never typed by anyone, so
 * they stay as they are (a negative score must stay a number).
 */
export function csvTable(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const cell = (v: CsvCell) => {
    const s =
      v === null
        ? ''
        : typeof v === 'string'
          ? neutraliseCell(v)
          : typeof v === 'boolean'
            ? v
              ? 'yes'
              : 'no'
            : String(v);
    return `"${s.replace(/"/g, '""')}"`;
  };
  const lines = [header, ...rows].map((r) => r.map(cell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
