import { none } from './define.ts';

/** Records, their outcome pages, follow-up questions and contact addresses. */
export const recordReasons = {
  RECORD_BELONGS_ELSEWHERE: none,
  ITEM_OTHER_KIND: none,
  NO_RESPONSES_YET: none,
  PUBLIC_PAGE_EXISTS: none,
  ANSWERS_CLOSED: none,
  ALREADY_ANSWERED: none,
  TOO_MANY_ADDRESSES_FROM_PHONE: none,
  TOO_MANY_ADDRESSES_FROM_NETWORK: none,
};
