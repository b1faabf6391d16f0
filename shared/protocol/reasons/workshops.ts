import { none } from './define.ts';

/** Joining, running and closing a workshop. */
export const workshopReasons = {
  WORKSHOP_HAS_CLOSED: none,
  WORKSHOP_NOT_OPENED_YET: none,
  WORKSHOP_NEVER_OPENED: none,
  JOIN_CODE_UNKNOWN: none,
  NOT_A_JOIN_CODE: none,
  CHOOSE_LISTED_GROUP: none,
  ACTIVITY_NOT_IN_WORKSHOP: none,
  ACTIVITY_IS_CURRENT: none,
  OUTCOME_NOT_SAVED: none,
};
