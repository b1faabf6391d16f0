import { say, type ReasonOf, type SayingsOf } from '../define.ts';
import type { workshopReasons } from '../workshops.ts';

export const workshopEnglish: SayingsOf<ReasonOf<typeof workshopReasons>> = {
  WORKSHOP_HAS_CLOSED: say('WORKSHOP_CLOSED', () => 'This workshop has closed'),
  WORKSHOP_NOT_OPENED_YET: say('WORKSHOP_NOT_OPEN', () => 'This workshop has not opened yet'),
  WORKSHOP_NEVER_OPENED: say('WORKSHOP_NOT_OPEN', () => 'This workshop was never opened'),
  JOIN_CODE_UNKNOWN: say('NOT_FOUND', () => 'No workshop has this code; check it on the screen'),
  NOT_A_JOIN_CODE: say('NOT_FOUND', () => 'Not a join code'),
  CHOOSE_LISTED_GROUP: say('BAD_REQUEST', () => 'Please choose one of the groups listed'),
  ACTIVITY_NOT_IN_WORKSHOP: say('BAD_REQUEST', () => 'An activity is not part of this workshop'),
  ACTIVITY_IS_CURRENT: say(
    'CONFLICT',
    () => 'The room is on this activity now; move the room to another activity before removing it',
  ),
  OUTCOME_NOT_SAVED: say(
    'OUTCOME_NOT_SAVED',
    () =>
      'The workshop has closed, but its outcome could not be saved. Open its record and choose "Save outcome now".',
  ),
};
