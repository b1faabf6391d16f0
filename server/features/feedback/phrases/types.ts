import type { Decision } from '../../../../shared/protocol/feedback.ts';

/** The words of the "You said, we did" message in one language; see ../message.ts. */
export type Phrases = {
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
