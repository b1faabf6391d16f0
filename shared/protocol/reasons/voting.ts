import * as z from 'zod/mini';
import { count, none } from './define.ts';

/** Setting up a vote, casting ballots (phones and paper) and commitments. */
export const votingReasons = {
  VOTE_OPTIONS_LOCKED: none,
  INSIGHT_NOT_IN_WORKSHOP: none,
  VOTE_ALREADY_OPENED: none,
  VOTE_NEEDS_TWO_OPTIONS: none,
  CLOSING_TIME_PASSED: none,
  VOTE_NOT_OPENED_YET: none,
  PAPER_COUNTS_BEFORE_OPEN: none,
  PAPER_BALLOTS_BEFORE_OPEN: none,
  PAPER_BALLOT_EMPTY: none,
  PAPER_BALLOT_ID_TAKEN: none,
  NO_DOT_TO_TAKE_BACK: none,
  ONLY_PARTICIPANTS_VOTE: none,
  OPERATION_ID_TAKEN: none,
  VOTING_NOT_OPEN: none,
  VOTING_CLOSED: none,
  VOTE_FOR_THOSE_PRESENT: none,
  NO_DOTS_ON_OWN_NOTE: none,
  COMMITMENTS_AFTER_CLOSE: none,
  COMMITMENT_ID_TAKEN: none,
  BALLOT_OTHER_KIND: none,
  NOT_AN_OPTION: none,
  VOTE_BUDGET_EXCEEDED: z.object({ budget: count }),
  DOTS_PER_OPTION_EXCEEDED: z.object({ max: count }),
  OPTION_TWICE: none,
  RANK_TOO_MANY: z.object({ max: count }),
  POINTS_BUDGET_EXCEEDED: z.object({ budget: count }),
};
