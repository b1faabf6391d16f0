import i18next, { type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { methodDescription } from '../../../shared/domain/voting.ts';
import recordsBn from '../../i18n/records.bn.json';
import votingBn from '../../i18n/voting.bn.json';
import { storedMethodText } from '../voting/storedMethodText.ts';
import { timelineText } from './timelineText.ts';

// Stored outcomes keep the server's English sentences; a Bengali reader gets them in Bengali.

let records: TFunction;
let voting: TFunction;
beforeAll(async () => {
  const i18n = i18next.createInstance();
  await i18n.init({
    lng: 'bn',
    resources: { bn: { records: recordsBn, voting: votingBn } },
    interpolation: { escapeValue: false },
  });
  records = i18n.getFixedT('bn', 'records');
  voting = i18n.getFixedT('bn', 'voting');
});

describe('stored English sentences in the reader’s language', () => {
  it('[REC4] timeline events are said in Bengali, with the activity’s own title kept', () => {
    expect(timelineText(records, 'bn', 'Workshop opened')).toBe(recordsBn.timelineEvents.opened);
    expect(timelineText(records, 'bn', 'Started: Ideas for the park')).toBe(
      'শুরু হয়েছে: Ideas for the park',
    );
    expect(timelineText(records, 'bn', 'Voting closed: Top 3: priorities')).toBe(
      'ভোট বন্ধ হয়েছে: Top 3: priorities',
    );
    // English readers get the stored sentence; an unknown one is shown as it is.
    expect(timelineText(records, 'en', 'Started: Ideas')).toBe('Started: Ideas');
    expect(timelineText(records, 'bn', 'Something new')).toBe('Something new');
  });

  it('[VOTE5] every counting method the server names is said in Bengali, with its number', () => {
    const cases = [
      methodDescription('dot'),
      methodDescription('single'),
      methodDescription('approval'),
      methodDescription('ranking', { rankTopK: 4 }),
      methodDescription('points', { pointsTotal: 50 }),
    ];
    const said = cases.map((m) => storedMethodText(voting, 'bn', m));
    for (const [i, text] of said.entries()) expect(text).not.toBe(cases[i]);
    expect(new Set(said).size).toBe(cases.length);
    expect(said[3]).toContain('4');
    expect(said[4]).toContain('50');
    expect(storedMethodText(voting, 'bn', 'A method from a newer server.')).toBe(
      'A method from a newer server.',
    );
    expect(storedMethodText(voting, 'en', cases[3]!)).toBe(cases[3]);
  });
});
