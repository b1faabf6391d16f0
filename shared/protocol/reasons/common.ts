import * as z from 'zod/mini';
import { count, none } from './define.ts';

/** The things a request can name that may turn out not to exist. */
export const things = [
  'account',
  'activity',
  'board',
  'cafe',
  'commitment',
  'insight',
  'invite',
  'mergeTarget',
  'note',
  'option',
  'outcomeItem',
  'page',
  'paperBallot',
  'participant',
  'record',
  'resetLink',
  'snapshot',
  'table',
  'theme',
  'vote',
  'workshop',
] as const;
export const ThingSchema = z.enum(things);
export type Thing = z.infer<typeof ThingSchema>;

/** Refusals any feature, or the transport around them, can give. */
export const commonReasons = {
  NOT_FOUND: z.object({ thing: ThingSchema }),
  FIELDS_NEED_ATTENTION: none,
  MALFORMED_MESSAGE: none,
  MALFORMED_REQUEST: none,
  BAD_FILTER: none,
  SEND_JSON: none,
  BODY_NOT_JSON: none,
  BODY_TOO_LARGE: none,
  MESSAGE_TOO_LARGE: z.object({ bytes: count }),
  BAD_ADDRESS_CHARACTERS: none,
  OTHER_ORIGIN: none,
  NO_SUCH_ENDPOINT: none,
  UNKNOWN_COMMAND: none,
  TOO_MANY_MESSAGES: none,
  ROLE_NOT_ALLOWED: none,
  FACILITATORS_ONLY: none,
  PARTICIPANTS_ONLY: none,
  OWNERS_ONLY: none,
  NOT_A_PARTICIPANT: none,
  SIGN_IN: none,
  SESSION_ENDED: none,
  DEVICE_NOT_IN_WORKSHOP: none,
  DATABASE_UNREACHABLE: none,
  SERVER_BUSY: none,
  SERVER_FAILED: none,
};
