import { say, type ReasonOf, type SayingsOf } from '../define.ts';
import type { votingReasons } from '../voting.ts';

export const votingEnglish: SayingsOf<ReasonOf<typeof votingReasons>> = {
  VOTE_OPTIONS_LOCKED: say('CONFLICT', () => 'Options cannot change once voting has opened'),
  INSIGHT_NOT_IN_WORKSHOP: say('BAD_REQUEST', () => 'That insight is not part of this workshop'),
  VOTE_ALREADY_OPENED: say('CONFLICT', () => 'This vote has already been opened'),
  VOTE_NEEDS_TWO_OPTIONS: say('CONFLICT', () => 'Add at least two options before opening the vote'),
  CLOSING_TIME_PASSED: say('BAD_REQUEST', () => 'The closing time has passed'),
  VOTE_NOT_OPENED_YET: say('CONFLICT', () => 'This vote has not opened yet'),
  PAPER_COUNTS_BEFORE_OPEN: say('CONFLICT', () => 'Open the vote before entering paper counts'),
  PAPER_BALLOTS_BEFORE_OPEN: say('CONFLICT', () => 'Open the vote before entering paper ballots'),
  PAPER_BALLOT_EMPTY: say('CONFLICT', () => 'This paper ballot is empty'),
  PAPER_BALLOT_ID_TAKEN: say('CONFLICT', () => 'This paper ballot id is taken'),
  NO_DOT_TO_TAKE_BACK: say('CONFLICT', () => 'There is no dot there to take back'),
  ONLY_PARTICIPANTS_VOTE: say(
    'FORBIDDEN',
    () => 'Only participants vote; enter paper votes as counts',
  ),
  OPERATION_ID_TAKEN: say('CONFLICT', () => 'This operation id is taken'),
  VOTING_NOT_OPEN: say('CONFLICT', () => 'Voting has not opened yet'),
  VOTING_CLOSED: say('CONFLICT', () => 'Voting has closed'),
  VOTE_FOR_THOSE_PRESENT: say(
    'FORBIDDEN',
    () => 'This vote is for people who were here when it opened',
  ),
  NO_DOTS_ON_OWN_NOTE: say('FORBIDDEN', () => 'This vote does not allow dots on your own note'),
  COMMITMENTS_AFTER_CLOSE: say('CONFLICT', () => 'Commitments are made once the vote has closed'),
  COMMITMENT_ID_TAKEN: say('CONFLICT', () => 'This commitment id is taken'),
  BALLOT_OTHER_KIND: say('CONFLICT', () => 'This ballot is for another kind of vote'),
  NOT_AN_OPTION: say('CONFLICT', () => 'Not one of the options'),
  VOTE_BUDGET_EXCEEDED: say('CONFLICT', (p: { budget: number }) => `You have ${p.budget} dots`),
  DOTS_PER_OPTION_EXCEEDED: say(
    'CONFLICT',
    (p: { max: number }) => `At most ${p.max} dots on one option`,
  ),
  OPTION_TWICE: say('CONFLICT', () => 'An option appears twice'),
  RANK_TOO_MANY: say('CONFLICT', (p: { max: number }) => `Rank at most ${p.max} options`),
  POINTS_BUDGET_EXCEEDED: say('CONFLICT', (p: { budget: number }) => `You have ${p.budget} points`),
};
