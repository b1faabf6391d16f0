import type { TFunction } from 'i18next';

/**
 * Timeline events are stored as the server said them, in English (REC4). The ones it says are
 * recognised and said again in the reader's language; the activity titles in them are the
 * facilitator's own words and stay as written. Anything else is shown as it is.
 */
const events: { re: RegExp; key: string }[] = [
  { re: /^Workshop opened$/, key: 'opened' },
  { re: /^Workshop closed$/, key: 'closed' },
  { re: /^Back to the welcome screen$/, key: 'welcome' },
  { re: /^Started: (.+)$/s, key: 'started' },
  { re: /^Voting opened: (.+)$/s, key: 'votingOpened' },
  { re: /^Voting closed: (.+)$/s, key: 'votingClosed' },
];

export function timelineText(t: TFunction, language: string, event: string): string {
  if (language === 'en') return event;
  for (const { re, key } of events) {
    const m = re.exec(event);
    if (m) return t(`timelineEvents.${key}`, { title: m[1] ?? '' });
  }
  return event;
}
