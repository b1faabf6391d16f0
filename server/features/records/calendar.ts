import { levelLabels, type EngagementRecord } from '../../../shared/domain/records.ts';
import { type CalendarEvent } from '../../../shared/protocol/records.ts';
import { feedbackPath } from '../../../shared/protocol/feedback.ts';

/**
 * The central calendar of engagement activities (REC6): a public JSON list and an iCalendar
 * feed (RFC 5545). Both expose only a record's public fields; the record's own id, retention,
 * what can be influenced and its workshops stay with facilitators.
 */

/** An undated record has no place on a calendar: it is left out until it has a start date. */
export function calendarEvents(records: readonly EngagementRecord[]): CalendarEvent[] {
  return records
    .filter((r): r is EngagementRecord & { startsOn: string } => r.startsOn !== null)
    .map((r) => ({
      publicId: r.publicId,
      title: r.title,
      service: r.service,
      area: r.area,
      tags: r.tags,
      level: r.level,
      levelLabel: levelLabels[r.level],
      status: r.status,
      startsOn: r.startsOn,
      endsOn: r.endsOn,
      location: r.location,
      summary: r.summary,
      feedbackPath: feedbackPath(r.publicId),
    }))
    .sort((a, b) => a.startsOn.localeCompare(b.startsOn) || a.title.localeCompare(b.title));
}

// ------------------------------------------------------------------ iCalendar (RFC 5545)

const CRLF = '\r\n';
const MAX_OCTETS = 75;

/** TEXT values escape backslash, semicolon, comma and newlines (RFC 5545 3.3.11). */
export function escapeText(s: string): string {
  return s
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * Folds a content line so that no line is longer than 75 octets, continuing with CRLF and a
 * space (RFC 5545 3.1). Splits fall between characters, never inside a UTF-8 sequence.
 */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const n = Buffer.byteLength(ch, 'utf8');
    // A continuation line starts with the space, which counts towards its 75.
    const limit = parts.length === 0 ? MAX_OCTETS : MAX_OCTETS - 1;
    if (octets + n > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += n;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}

const basicDate = (isoDay: string) => isoDay.replace(/-/g, '');

/** The day after, for DTEND: an all-day event's end is exclusive. */
function nextDay(isoDay: string): string {
  const d = new Date(`${isoDay}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** 2026-12-01T18:30:00.000Z -> 20261201T183000Z */
const utcStamp = (iso: string) =>
  new Date(iso)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

export type CalendarFeedEntry = CalendarEvent & { updatedAt: string };

/**
 * The feed. Each activity is an all-day event from its first to its last day. UID comes from
 * the public id, so a subscriber's calendar updates an event rather than duplicating it; with
 * no METHOD, DTSTAMP is when the record was last changed.
 */
export function icsCalendar(
  entries: readonly CalendarFeedEntry[],
  opts: { baseUrl: string; name: string },
): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Roundtable//Engagement calendar//EN',
    'CALSCALE:GREGORIAN',
    `X-WR-CALNAME:${escapeText(opts.name)}`,
    'X-WR-CALDESC:Engagement activities: planned and past',
    // Ask subscribing calendars to look again twice a day.
    'REFRESH-INTERVAL;VALUE=DURATION:PT12H',
    'X-PUBLISHED-TTL:PT12H',
  ];
  for (const e of entries) {
    const url = opts.baseUrl + e.feedbackPath;
    const description = [
      e.summary,
      `Service: ${e.service}`,
      `Level of engagement: ${e.levelLabel}`,
      `What people said and what was done: ${url}`,
    ]
      .filter(Boolean)
      .join('\n\n');
    lines.push(
      'BEGIN:VEVENT',
      `UID:record-${e.publicId}@roundtable`,
      `DTSTAMP:${utcStamp(e.updatedAt)}`,
      `LAST-MODIFIED:${utcStamp(e.updatedAt)}`,
      `DTSTART;VALUE=DATE:${basicDate(e.startsOn)}`,
      `DTEND;VALUE=DATE:${basicDate(nextDay(e.endsOn ?? e.startsOn))}`,
      `SUMMARY:${escapeText(e.title)}`,
      ...(e.location ? [`LOCATION:${escapeText(e.location)}`] : []),
      `DESCRIPTION:${escapeText(description)}`,
      `CATEGORIES:${escapeText(e.service)},${escapeText(e.levelLabel)}`,
      `URL:${url}`,
      // An engagement activity does not make anyone busy all day.
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join(CRLF) + CRLF;
}
