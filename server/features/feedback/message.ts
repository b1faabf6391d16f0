import type { Language } from '../../../shared/domain/languages.ts';
import type { FeedbackResponse } from '../../../shared/protocol/feedback.ts';
import { phrases } from './phrases/index.ts';

/**
 * The "You said, we did" message, in the language the person used at the workshop. Plain text
 * only: what facilitators typed is never read as markup by a mail program.
 */

function formatDay(day: string, locale: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

const indent = (text: string) => text.replace(/\n/g, '\n  ');

export function feedbackMessage(m: {
  language: Language;
  recordTitle: string;
  service: string;
  workshopTitles: string[];
  responses: FeedbackResponse[];
  pageUrl: string;
}): { subject: string; text: string } {
  const p = phrases[m.language] ?? phrases.en;
  const workshops = m.workshopTitles.length
    ? m.workshopTitles.map((t) => `“${t}”`).join(', ')
    : `“${m.recordTitle}”`;
  const blocks = m.responses.map((r) => {
    const lines = [`• ${indent(r.itemLabel)}`, `  ${p.decision[r.decision]}`];
    if (r.explanation) lines.push(`  ${p.why}: ${indent(r.explanation)}`);
    lines.push(`  ${p.decidedBy(r.decidedBy, formatDay(r.decidedOn, p.locale))}`);
    return lines.join('\n');
  });
  const text = [
    p.hello,
    p.intro(workshops, m.service),
    blocks.length ? blocks.join('\n\n') : p.nothingYet,
    `${p.readMore}\n${m.pageUrl}`,
    p.goodbye,
  ].join('\n\n');
  return { subject: p.subject(m.recordTitle), text: `${text}\n` };
}
