import { describe, expect, it } from 'vitest';
import { ActivityInputSchema, callsToAction } from '../../../shared/domain/activity.ts';
import { activityToDraft, draftToActivityInput, newActivity } from '../workshops/draft.ts';

// The agenda editor's vote settings: what a facilitator types becomes what the server stores.

const stored = (input: ReturnType<typeof draftToActivityInput>) => ({
  ...ActivityInputSchema.parse(input),
  id: '6f1d3c2a-9b7e-4c1d-8e2f-0a1b2c3d4e5f',
  position: 0,
});

describe('vote settings in the agenda editor', () => {
  it('[VOTE2] starts from the method defaults: automatic dots, one per option, shuffled, open to all', () => {
    const draft = newActivity('dot_vote');
    draft.title = 'Pick';
    const input = draftToActivityInput(draft);
    expect(input.kind === 'dot_vote' && input.settings).toEqual({
      dotsPerPerson: null,
      maxDotsPerOption: 1,
      hideTallyUntilReveal: true,
      shuffleOptions: true,
      lateJoinersMayVote: true,
      allowOwnNote: true,
      options: [],
    });
  });

  it('[VOTE2][VOTE13][VOTE14] keeps typed dots and the three switches through a save and reload', () => {
    const draft = newActivity('dot_vote');
    draft.title = 'Pick';
    draft.settings.dot_vote = {
      ...draft.settings.dot_vote,
      dotsPerPerson: '4',
      maxDotsPerOption: '2',
      shuffleOptions: false,
      lateJoinersMayVote: false,
      allowOwnNote: false,
      options: 'Parks\n\n  Buses  ',
    };
    const again = activityToDraft(stored(draftToActivityInput(draft)));
    expect(again.settings.dot_vote).toEqual({
      dotsPerPerson: '4',
      maxDotsPerOption: '2',
      hideTallyUntilReveal: true,
      shuffleOptions: false,
      lateJoinersMayVote: false,
      allowOwnNote: false,
      options: 'Parks\nBuses',
    });
    // Emptied again, the budget is automatic once more.
    again.settings.dot_vote.dotsPerPerson = ' ';
    const input = draftToActivityInput(again);
    expect(input.kind === 'dot_vote' && input.settings?.dotsPerPerson).toBeNull();
  });

  it('[VOTE11] sends the chosen method with its own number; a half-typed other one does not block', () => {
    const draft = newActivity('congress_vote');
    draft.title = 'Calls';
    expect(draft.settings.congress_vote.options.split('\n')).toEqual(callsToAction);
    draft.settings.congress_vote = {
      ...draft.settings.congress_vote,
      method: 'points',
      pointsTotal: '60',
      rankTopK: '',
    };
    const input = draftToActivityInput(draft);
    expect(ActivityInputSchema.safeParse(input).success).toBe(true);
    expect(input.kind === 'congress_vote' && input.settings).toMatchObject({
      method: 'points',
      pointsTotal: 60,
      rankTopK: 3,
    });

    draft.settings.congress_vote.method = 'ranking';
    draft.settings.congress_vote.rankTopK = '';
    // Now the number matters: an empty box is an error for the form, not a silent default.
    expect(ActivityInputSchema.safeParse(draftToActivityInput(draft)).success).toBe(false);
    draft.settings.congress_vote.rankTopK = '4';
    const back = activityToDraft(stored(draftToActivityInput(draft)));
    expect(back.settings.congress_vote).toMatchObject({ method: 'ranking', rankTopK: '4' });
  });
});
