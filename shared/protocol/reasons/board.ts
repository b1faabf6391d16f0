import * as z from 'zod/mini';
import { count, none } from './define.ts';

/** The idea board: adding, editing, sorting and merging notes. */
export const boardReasons = {
  NOTE_ID_TAKEN: none,
  ASSISTED_GROUP_NEEDED: none,
  NOT_A_WORKSHOP_GROUP: none,
  ASSIST_FACILITATORS_ONLY: none,
  WORKSHOP_NOT_OPEN_FOR_NOTES: none,
  BOARD_LOCKED_FOR_NOTES: none,
  BOARD_NOT_OPEN_FOR_NOTES: none,
  NOTE_CAP_REACHED: z.object({ cap: count }),
  NOTE_NOT_EDITABLE: none,
  BOARD_LOCKED: none,
  OWN_NOTES_ONLY: none,
  MERGE_INTO_ITSELF: none,
  MERGE_TARGET_HIDDEN: none,
  NOTE_HIDDEN: none,
  NOTE_WITHDRAWN: none,
};
