import type { Phrases } from './types.ts';

export const en: Phrases = {
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
};
