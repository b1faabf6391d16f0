import * as z from 'zod/mini';
import { accountReasons } from './reasons/accounts.ts';
import { boardReasons } from './reasons/board.ts';
import { cafeReasons } from './reasons/cafe.ts';
import { commonReasons } from './reasons/common.ts';
import { reasonSchema, type ReasonOf } from './reasons/define.ts';
import { recordReasons } from './reasons/records.ts';
import { votingReasons } from './reasons/voting.ts';
import { workshopReasons } from './reasons/workshops.ts';

/** Every feature's table, by feature; a code appears in one table only (see reasons.test.ts). */
export const reasonTables = {
  common: commonReasons,
  workshops: workshopReasons,
  board: boardReasons,
  voting: votingReasons,
  cafe: cafeReasons,
  accounts: accountReasons,
  records: recordReasons,
};

export const allReasons = {
  ...commonReasons,
  ...workshopReasons,
  ...boardReasons,
  ...votingReasons,
  ...cafeReasons,
  ...accountReasons,
  ...recordReasons,
};

/**
 * Why a request was refused, as a stable code with typed parameters (LANG1). Built on its first
 * parse: every page and the server import it with the error body, and its few hundred schemas
 * cost a slow phone tens of milliseconds at start-up that only an error needs.
 */
export const ReasonSchema = z.lazy(() => reasonSchema(allReasons));
export type Reason = z.output<typeof ReasonSchema>;
export type ReasonCode = Reason['code'];
export type ReasonParams<C extends ReasonCode> = Extract<Reason, { code: C }>['params'];
export type { ReasonOf };
export { ThingSchema, things, type Thing } from './reasons/common.ts';
