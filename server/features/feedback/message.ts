import type { Language } from '../../../shared/domain/languages.ts';
import type { Decision, FeedbackResponse } from '../../../shared/protocol/feedback.ts';

/**
 * The "You said, we did" message, in the language the person used at the workshop. Plain text
 * only: what facilitators typed is never read as markup by a mail program.
 */

type Phrases = {
  subject: (title: string) => string;
  hello: string;
  intro: (workshops: string, service: string) => string;
  decision: Record<Decision, string>;
  why: string;
  decidedBy: (who: string, when: string) => string;
  nothingYet: string;
  readMore: string;
  goodbye: string;
  locale: string;
};

const phrases: Record<Language, Phrases> = {
  en: {
    subject: (title) => `What happened after “${title}”`,
    hello: 'Hello,',
    intro: (workshops, service) =>
      `You took part in ${workshops} and asked to be told what happened. This is what ${service} did with what people said.`,
    decision: {
      adopted: 'Adopted',
      partly_adopted: 'Partly adopted',
      not_adopted: 'Not adopted',
      considering: 'Still being considered',
    },
    why: 'Why',
    decidedBy: (who, when) => `Decided by ${who} on ${when}.`,
    nothingYet: 'No decisions have been recorded yet.',
    readMore: 'Read it all, with what people said, here:',
    goodbye:
      'This is the only message you will get about this. Your email address is deleted as soon as it has been sent.',
    locale: 'en-GB',
  },
  bn: {
    subject: (title) => `“${title}”-এর পরে কী হলো`,
    hello: 'শুভেচ্ছা,',
    intro: (workshops, service) =>
      `আপনি ${workshops}-এ অংশ নিয়েছিলেন এবং কী হলো তা জানতে চেয়েছিলেন। মানুষ যা বলেছিলেন, তা নিয়ে ${service} যা করেছে তা এখানে দেওয়া হলো।`,
    decision: {
      adopted: 'গৃহীত',
      partly_adopted: 'আংশিকভাবে গৃহীত',
      not_adopted: 'গৃহীত হয়নি',
      considering: 'এখনও বিবেচনা করা হচ্ছে',
    },
    why: 'কেন',
    decidedBy: (who, when) => `${when} তারিখে ${who} সিদ্ধান্ত নিয়েছেন।`,
    nothingYet: 'এখনও কোনো সিদ্ধান্ত লেখা হয়নি।',
    readMore: 'মানুষ যা বলেছিলেন তা সহ সবকিছু এখানে পড়ুন:',
    goodbye:
      'এ বিষয়ে এটিই আপনার কাছে আসা একমাত্র বার্তা। এটি পাঠানোর সঙ্গে সঙ্গে আপনার ইমেল ঠিকানা মুছে ফেলা হয়।',
    locale: 'bn-BD',
  },
};

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
