import * as z from 'zod/mini';
import { count, none } from './define.ts';

/** The world café: its clock, tables, seating and harvest. */
export const cafeReasons = {
  CAFE_ALREADY_STARTED: none,
  CAFE_NEEDS_A_TABLE: none,
  ONLY_RUNNING_ROUND_PAUSES: none,
  CAFE_NOT_PAUSED: none,
  NO_ROUND_RUNNING: none,
  TABLE_NUMBER_TWICE: z.object({ number: count }),
  TABLES_FIXED_ONCE_STARTED: none,
  SEATING_NEEDS_A_ROUND: none,
  HOSTS_BEFORE_START: none,
  INSIGHT_ID_TAKEN: none,
};
