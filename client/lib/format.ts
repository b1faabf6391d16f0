import { localeOf } from '../../shared/domain/languages.ts';

/**
 * A workshop's start is stored as the wall-clock time the facilitator typed ("2026-12-01T18:30").
 * Parsed without a zone it is read as local time, so it shows the same hour it was typed with.
 */
export function formatLocalDateTime(value: string | null, language: string): string | null {
  if (!value) return null;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(localeOf(language), {
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(date);
}

export function formatInstant(value: string, language: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(localeOf(language), {
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(date);
}
