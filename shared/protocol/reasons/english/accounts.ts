import type { accountReasons } from '../accounts.ts';
import { say, type ReasonOf, type SayingsOf } from '../define.ts';

export const accountEnglish: SayingsOf<ReasonOf<typeof accountReasons>> = {
  NO_SUCH_ACCOUNT: say('NOT_FOUND', () => 'No such account'),
  LAST_OWNER: say(
    'CONFLICT',
    () => 'A Roundtable keeps at least one owner; make someone else owner first',
  ),
  CANNOT_SEND_EMAIL: say(
    'CONFLICT',
    () => 'This Roundtable cannot send e-mail; ask an owner for a password reset link',
  ),
  WRONG_CURRENT_PASSWORD: say('UNAUTHENTICATED', () => 'The current password is wrong'),
  RESET_LINK_USED: say('NOT_FOUND', () => 'This reset link has expired or was already used'),
  SETUP_TOKEN_WRONG: say(
    'FORBIDDEN',
    () => 'The set-up token is missing or wrong; it is printed in the server log',
  ),
  ALREADY_SET_UP: say(
    'CONFLICT',
    () => 'This Roundtable already has a facilitator; please sign in',
  ),
  WRONG_EMAIL_OR_PASSWORD: say('UNAUTHENTICATED', () => 'Email or password is wrong'),
  INVITE_LINK_USED: say('NOT_FOUND', () => 'This invite link has expired or was already used'),
  ACCOUNT_EXISTS: say('CONFLICT', () => 'An account with this email exists; please sign in'),
  TOO_MANY_FAILED_ATTEMPTS: say(
    'RATE_LIMITED',
    () => 'Too many failed attempts; please wait and try again',
  ),
};
