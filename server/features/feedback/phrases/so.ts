import type { Phrases } from './types.ts';

export const so: Phrases = {
  subject: (title) => `Waxa dhacay kadib “${title}”`,
  hello: 'Salaan,',
  intro: (workshops, service) =>
    `Waxaad ka qaybgashay ${workshops}, waxaadna codsatay in laguu sheego waxa dhacay. Tani waa waxa ${service} ka sameeyay waxa dadku sheegeen.`,
  decision: {
    adopted: 'Waa la aqbalay',
    partly_adopted: 'Qayb ahaan waa la aqbalay',
    not_adopted: 'Lama aqbalin',
    considering: 'Weli waa la tixgelinayaa',
  },
  why: 'Sababta',
  decidedBy: (who, when) => `Waxaa go'aansaday ${who} ${when}.`,
  nothingYet: "Weli go'aan lama diiwaangelin.",
  readMore: 'Halkan ka akhri dhammaan, iyo waxa dadku sheegeen:',
  goodbye:
    'Kani waa fariinta keliya ee aad arrintan ka heli doonto. Cinwaanka iimaylkaaga waa la tirtirayaa isla marka fariintan la diro.',
  locale: 'so-SO',
};
