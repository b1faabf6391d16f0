import { none } from './define.ts';

/** Facilitator accounts: setting up, signing in, invitations and passwords. */
export const accountReasons = {
  NO_SUCH_ACCOUNT: none,
  LAST_OWNER: none,
  CANNOT_SEND_EMAIL: none,
  WRONG_CURRENT_PASSWORD: none,
  RESET_LINK_USED: none,
  SETUP_TOKEN_WRONG: none,
  ALREADY_SET_UP: none,
  WRONG_EMAIL_OR_PASSWORD: none,
  INVITE_LINK_USED: none,
  ACCOUNT_EXISTS: none,
  TOO_MANY_FAILED_ATTEMPTS: none,
};
