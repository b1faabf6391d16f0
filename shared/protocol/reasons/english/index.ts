import type { Reason, ReasonCode } from '../../reasons.ts';
import type { Saying, SayingsOf } from '../define.ts';
import { accountEnglish } from './accounts.ts';
import { boardEnglish } from './board.ts';
import { cafeEnglish } from './cafe.ts';
import { commonEnglish } from './common.ts';
import { recordEnglish } from './records.ts';
import { votingEnglish } from './voting.ts';
import { workshopEnglish } from './workshops.ts';

/**
 * The server's English for every reason. Kept out of the client's bundle: the client says a
 * reason from its catalogues, in the reader's language (LANG1).
 */
export const sayings: SayingsOf<Reason> = {
  ...commonEnglish,
  ...workshopEnglish,
  ...boardEnglish,
  ...votingEnglish,
  ...cafeEnglish,
  ...accountEnglish,
  ...recordEnglish,
};

function sayingOf(code: ReasonCode): Saying<Reason['params']> {
  // Each saying takes its own reason's parameters; looked up by the same code, they match.
  return sayings[code] as Saying<Reason['params']>;
}

/** A reason as one English sentence: the `message` sent beside it, and exports' wording. */
export function englishOf(reason: Reason): string {
  return sayingOf(reason.code).english(reason.params);
}

/** The coarse error code a reason is sent with. */
export function errorCodeOf(reason: Reason): Saying<never>['error'] {
  return sayingOf(reason.code).error;
}

export { thingEnglish } from './common.ts';
