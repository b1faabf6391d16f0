import type { boardReasons } from '../board.ts';
import { say, type ReasonOf, type SayingsOf } from '../define.ts';

export const boardEnglish: SayingsOf<ReasonOf<typeof boardReasons>> = {
  NOTE_ID_TAKEN: say('CONFLICT', () => 'This note id is taken'),
  ASSISTED_GROUP_NEEDED: say(
    'BAD_REQUEST',
    () => 'Say which group the person you are writing for is in',
  ),
  NOT_A_WORKSHOP_GROUP: say('BAD_REQUEST', () => 'Not one of this workshop’s groups'),
  ASSIST_FACILITATORS_ONLY: say('FORBIDDEN', () => 'Only facilitators add notes for others'),
  WORKSHOP_NOT_OPEN_FOR_NOTES: say('WORKSHOP_CLOSED', () => 'This workshop is not open'),
  BOARD_LOCKED_FOR_NOTES: say('CONFLICT', () => 'The board is locked: no more notes'),
  BOARD_NOT_OPEN_FOR_NOTES: say('CONFLICT', () => 'This board is not open for notes right now'),
  NOTE_CAP_REACHED: say(
    'RATE_LIMITED',
    (p: { cap: number }) => `You have added the ${p.cap} notes this board allows`,
  ),
  NOTE_NOT_EDITABLE: say('CONFLICT', () => 'This note can no longer be edited'),
  BOARD_LOCKED: say('CONFLICT', () => 'The board is locked'),
  OWN_NOTES_ONLY: say('FORBIDDEN', () => 'You can only change your own notes'),
  MERGE_INTO_ITSELF: say('BAD_REQUEST', () => 'A note cannot be merged into itself'),
  MERGE_TARGET_HIDDEN: say('CONFLICT', () => 'That note is not on the board'),
  NOTE_HIDDEN: say('CONFLICT', () => 'This note is not on the board'),
  NOTE_WITHDRAWN: say('CONFLICT', () => 'The author withdrew this note'),
};
