import { describe, expect, it } from 'vitest';
import { draftToTranslations, emptyDraft, facilitatorTexts, newActivity } from './draft.ts';

function draft() {
  const d = emptyDraft();
  d.title = ' Park plans ';
  d.purpose = 'Decide what to fix first.';
  const board = newActivity('idea_board');
  board.title = 'Ideas';
  board.prompt = 'What would make the park better?';
  const vote = newActivity('dot_vote');
  vote.title = 'Priorities';
  vote.settings.dot_vote.options = 'Swings\n  Benches \n\nIdeas';
  // Another kind's settings, kept while the facilitator switches kind: not shown to anyone.
  vote.settings.world_cafe.questions = 'Not asked';
  d.agenda = [board, vote];
  return d;
}

describe('the editor’s phrasebook', () => {
  it('[LANG11] lists every text phones show, trimmed, once each, in agenda order', () => {
    expect(facilitatorTexts(draft())).toEqual([
      'Park plans',
      'Decide what to fix first.',
      'Ideas',
      'What would make the park better?',
      'Priorities',
      'Swings',
      'Benches',
    ]);
  });

  it('[LANG11] saves the non-empty translations of texts still in the workshop, none into its own language', () => {
    const d = draft();
    d.translations = {
      pl: { 'Park plans': ' Plany parku ', Swings: '', 'An old option': 'Stara opcja' },
      bn: { Ideas: '   ' },
      en: { Ideas: 'Ideas' },
    };
    expect(draftToTranslations(d)).toEqual({ pl: { 'Park plans': 'Plany parku' } });
  });

  it('[LANG11] lists options added while the workshop runs after its own texts, and keeps their translations', () => {
    const d = draft();
    d.liveTexts = ['Swings', 'A bigger playground', 'Lights at night'];
    expect(facilitatorTexts(d).slice(-3)).toEqual([
      'Benches',
      'A bigger playground',
      'Lights at night',
    ]);
    d.translations = { pl: { 'A bigger playground': 'Większy plac zabaw' } };
    expect(draftToTranslations(d)).toEqual({ pl: { 'A bigger playground': 'Większy plac zabaw' } });
  });
});
