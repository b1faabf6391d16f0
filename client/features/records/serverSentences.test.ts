import { beforeAll, describe, expect, it } from 'vitest';
import { Translator, type TFunction } from '../../i18n/translator.ts';
import { countingOf, methodDescription } from '../../../shared/domain/voting.ts';
import recordsBn from '../../i18n/records.bn.json';
import votingBn from '../../i18n/voting.bn.json';
import { storedMethodText } from '../voting/storedMethodText.ts';
import { timelineText } from './timelineText.ts';

// Saved outcomes carry codes beside their English; a Bengali reader gets them in Bengali.

let records: TFunction;
let voting: TFunction;
beforeAll(async () => {
  const i18n = new Translator({
    language: 'bn',
    resources: { bn: { records: recordsBn, voting: votingBn } },
  });
  records = i18n.getFixedT('bn', 'records');
  voting = i18n.getFixedT('bn', 'voting');
});

describe('saved events and methods in the reader’s language', () => {
  it('[LANG4] timeline events are said from their codes, with the activity’s own title kept', () => {
    const at = '2026-12-01T18:30:00Z';
    expect(timelineText(records, { at, event: 'Workshop opened', code: 'opened' })).toBe(
      recordsBn.timelineEvents.opened,
    );
    expect(
      timelineText(records, {
        at,
        event: 'Started: Ideas for the park',
        code: 'started',
        title: 'Ideas for the park',
      }),
    ).toBe('শুরু হয়েছে: Ideas for the park');
    // A title that looks like a sentence of ours is still only a title.
    expect(
      timelineText(records, {
        at,
        event: 'Voting closed: Top 3: priorities',
        code: 'votingClosed',
        title: 'Top 3: priorities',
      }),
    ).toBe('ভোট বন্ধ হয়েছে: Top 3: priorities');
    // An event with no code is shown as it was kept.
    expect(timelineText(records, { at, event: 'Something new' })).toBe('Something new');
  });

  it('[LANG4] every counting method is said from its kind, with its number', () => {
    const cases = [
      countingOf('dot'),
      countingOf('single'),
      countingOf('approval'),
      countingOf('ranking', { rankTopK: 4 }),
      countingOf('points', { pointsTotal: 50 }),
    ];
    const said = cases.map((counting) =>
      storedMethodText(voting, { method: methodDescription(counting.kind, counting), counting }),
    );
    for (const [i, text] of said.entries())
      expect(text).not.toBe(methodDescription(cases[i]!.kind, cases[i]));
    expect(new Set(said).size).toBe(cases.length);
    expect(said[3]).toContain('4');
    expect(said[4]).toContain('50');
    expect(storedMethodText(voting, { method: 'A method from a newer server.' })).toBe(
      'A method from a newer server.',
    );
  });
});
