import type { cafeReasons } from '../cafe.ts';
import { say, type ReasonOf, type SayingsOf } from '../define.ts';

export const cafeEnglish: SayingsOf<ReasonOf<typeof cafeReasons>> = {
  CAFE_ALREADY_STARTED: say('CONFLICT', () => 'The café has already started'),
  CAFE_NEEDS_A_TABLE: say('CONFLICT', () => 'Lay out at least one table'),
  ONLY_RUNNING_ROUND_PAUSES: say('CONFLICT', () => 'Only a running round can be paused'),
  CAFE_NOT_PAUSED: say('CONFLICT', () => 'The café is not paused'),
  NO_ROUND_RUNNING: say('CONFLICT', () => 'No round is running'),
  TABLE_NUMBER_TWICE: say(
    'BAD_REQUEST',
    (p: { number: number }) => `Two tables have the number ${p.number}`,
  ),
  TABLES_FIXED_ONCE_STARTED: say(
    'CONFLICT',
    () => 'Tables cannot be removed once the café has started; rename or leave them empty',
  ),
  SEATING_NEEDS_A_ROUND: say('CONFLICT', () => 'People are seated once a round runs'),
  HOSTS_BEFORE_START: say(
    'CONFLICT',
    () => 'Volunteers are made hosts before the café starts; once it runs, pick a host per table',
  ),
  INSIGHT_ID_TAKEN: say('CONFLICT', () => 'That insight id is taken'),
};
