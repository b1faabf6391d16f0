import type { Thing } from '../common.ts';
import { commonReasons } from '../common.ts';
import { say, type ReasonOf, type SayingsOf } from '../define.ts';

/** A thing's name at the start of an English sentence. */
export const thingEnglish: Record<Thing, string> = {
  account: 'Account',
  activity: 'Activity',
  board: 'Idea board',
  cafe: 'Café',
  commitment: 'Commitment',
  insight: 'Insight',
  invite: 'Invite',
  mergeTarget: 'Note to merge into',
  note: 'Note',
  option: 'Option',
  outcomeItem: 'Outcome item',
  page: 'Page',
  paperBallot: 'Paper ballot',
  participant: 'Participant',
  record: 'Record',
  resetLink: 'Reset link',
  snapshot: 'Snapshot',
  table: 'Table',
  theme: 'Theme',
  vote: 'Vote',
  workshop: 'Workshop',
};

export const commonEnglish: SayingsOf<ReasonOf<typeof commonReasons>> = {
  NOT_FOUND: say('NOT_FOUND', (p: { thing: Thing }) => `${thingEnglish[p.thing]} not found`),
  FIELDS_NEED_ATTENTION: say('BAD_REQUEST', () => 'Some fields need attention'),
  MALFORMED_MESSAGE: say('BAD_REQUEST', () => 'Malformed message'),
  MALFORMED_REQUEST: say('BAD_REQUEST', () => 'Malformed request'),
  BAD_FILTER: say('BAD_REQUEST', () => 'Unknown or malformed filter'),
  SEND_JSON: say('BAD_REQUEST', () => 'Send JSON (Content-Type: application/json)'),
  BODY_NOT_JSON: say('BAD_REQUEST', () => 'Request body is not valid JSON'),
  BODY_TOO_LARGE: say('PAYLOAD_TOO_LARGE', () => 'Request body is too large'),
  MESSAGE_TOO_LARGE: say(
    'PAYLOAD_TOO_LARGE',
    (p: { bytes: number }) => `Message is larger than ${p.bytes} bytes`,
  ),
  BAD_ADDRESS_CHARACTERS: say(
    'BAD_REQUEST',
    () => 'The address holds characters that are not allowed',
  ),
  OTHER_ORIGIN: say('FORBIDDEN', () => 'Requests from other origins are refused'),
  NO_SUCH_ENDPOINT: say('NOT_FOUND', () => 'No such API endpoint'),
  UNKNOWN_COMMAND: say('UNKNOWN_COMMAND', () => 'Unknown command'),
  TOO_MANY_MESSAGES: say('RATE_LIMITED', () => 'Too many messages; slow down'),
  ROLE_NOT_ALLOWED: say('FORBIDDEN', () => 'Not allowed for your role'),
  FACILITATORS_ONLY: say('FORBIDDEN', () => 'Facilitators only'),
  PARTICIPANTS_ONLY: say('FORBIDDEN', () => 'Participants only'),
  OWNERS_ONLY: say('FORBIDDEN', () => 'Only an owner of this Roundtable can do this'),
  NOT_A_PARTICIPANT: say('FORBIDDEN', () => 'Not a participant'),
  SIGN_IN: say('UNAUTHENTICATED', () => 'Please sign in'),
  SESSION_ENDED: say('UNAUTHENTICATED', () => 'Your session has ended; please sign in again'),
  DEVICE_NOT_IN_WORKSHOP: say(
    'UNAUTHENTICATED',
    () => 'This device is not part of the workshop; join again',
  ),
  DATABASE_UNREACHABLE: say(
    'UNAVAILABLE',
    () => 'The server cannot reach its database just now; this will be sent again',
  ),
  SERVER_BUSY: say(
    'UNAVAILABLE',
    () => 'The server is too busy to save this just now; it will be sent again',
  ),
  SERVER_FAILED: say('INTERNAL', () => 'Something went wrong on the server'),
};
