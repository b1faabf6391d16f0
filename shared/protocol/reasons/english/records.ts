import { say, type ReasonOf, type SayingsOf } from '../define.ts';
import type { recordReasons } from '../records.ts';

export const recordEnglish: SayingsOf<ReasonOf<typeof recordReasons>> = {
  RECORD_BELONGS_ELSEWHERE: say(
    'CONFLICT',
    () =>
      'This workshop belongs to another record. Move it only if you mean to: both records will say so.',
  ),
  ITEM_OTHER_KIND: say('BAD_REQUEST', () => 'This item is of another kind'),
  NO_RESPONSES_YET: say('CONFLICT', () => 'Record at least one response before publishing'),
  PUBLIC_PAGE_EXISTS: say('CONFLICT', () => 'This workshop already has an address for everyone'),
  ANSWERS_CLOSED: say('WORKSHOP_CLOSED', () => 'This workshop is not taking answers now'),
  ALREADY_ANSWERED: say('CONFLICT', () => 'You have answered these questions already'),
  TOO_MANY_ADDRESSES_FROM_PHONE: say(
    'RATE_LIMITED',
    () => 'Too many addresses from this phone; try later',
  ),
  TOO_MANY_ADDRESSES_FROM_NETWORK: say(
    'RATE_LIMITED',
    () => 'Too many addresses from this network; try later',
  ),
};
