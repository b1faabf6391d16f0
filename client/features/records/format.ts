import { localeOf } from '../../../shared/domain/languages.ts';

/** Dates and months as the records pages show them. */

/** "1 Dec 2026" from "2026-12-01", read as a calendar day (no time zone can move it). */
export function formatDay(day: string, language: string): string {
  const date = new Date(`${day}T00:00:00`);
  if (Number.isNaN(date.getTime())) return day;
  return new Intl.DateTimeFormat(localeOf(language), { dateStyle: 'medium' }).format(date);
}

/** "1 Dec 2026 to 14 Jan 2027", one day alone, or null when no date is set. */
export function formatDays(
  startsOn: string | null,
  endsOn: string | null,
  language: string,
  to: (from: string, until: string) => string,
): string | null {
  if (startsOn && endsOn && startsOn !== endsOn) {
    return to(formatDay(startsOn, language), formatDay(endsOn, language));
  }
  const one = startsOn ?? endsOn;
  return one ? formatDay(one, language) : null;
}

/** Activities by the month they start in, months in order ("2026-12" -> events). */
export function byMonth<T extends { startsOn: string }>(
  events: readonly T[],
): [month: string, T[]][] {
  const months = new Map<string, T[]>();
  for (const e of [...events].sort((a, b) => a.startsOn.localeCompare(b.startsOn))) {
    const month = e.startsOn.slice(0, 7);
    months.set(month, [...(months.get(month) ?? []), e]);
  }
  return [...months.entries()];
}

export function monthName(month: string, language: string): string {
  const date = new Date(`${month}-01T00:00:00`);
  if (Number.isNaN(date.getTime())) return month;
  return new Intl.DateTimeFormat(localeOf(language), { month: 'long', year: 'numeric' }).format(
    date,
  );
}
