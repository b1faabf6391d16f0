import {
  AccountAuditSchema,
  AccountListSchema,
  AccountSchema,
  ForgotPasswordSchema,
  PasswordChangeSchema,
  ResetCreatedSchema,
  ResetInfoSchema,
  ResetPasswordSchema,
  RoleChangeSchema,
} from '../protocol/accounts.ts';
import { FacilitatorSchema } from '../protocol/rest.ts';
import { route, textParam, uuidParam } from './route.ts';

const account = { id: uuidParam('account', 'The colleague’s account') };
const token = { token: textParam('resetLink', 100, 'The token from the reset link') };

/**
 * Managing facilitator accounts (AUTH6-AUTH9): the team list, roles, removal, password changes
 * and one-time reset links. Owners manage; every facilitator sees the team and changes their own
 * password.
 */
export const accountApi = {
  list: route({
    method: 'GET',
    path: '/accounts',
    access: 'facilitator',
    tag: 'Accounts',
    summary: 'The facilitator accounts of this instance, with their roles',
    reply: { status: 200, json: AccountListSchema, name: 'AccountList', description: 'Accounts' },
  }),
  setRole: route({
    method: 'PUT',
    path: '/accounts/:id/role',
    access: 'owner',
    tag: 'Accounts',
    summary: 'Make a colleague an owner or a facilitator (an instance keeps at least one owner)',
    params: account,
    body: { schema: RoleChangeSchema, name: 'RoleChange' },
    reply: { status: 200, json: AccountSchema, name: 'Account', description: 'The account' },
  }),
  remove: route({
    method: 'DELETE',
    path: '/accounts/:id',
    access: 'owner',
    tag: 'Accounts',
    summary: 'Remove a colleague: their sessions end at once; their workshops and records stay',
    params: account,
    reply: { status: 204, description: 'Removed' },
  }),
  createReset: route({
    method: 'POST',
    path: '/accounts/:id/password-reset',
    access: 'owner',
    tag: 'Accounts',
    summary: 'A one-time link (24 hours) for a colleague to set a new password',
    params: account,
    reply: { status: 201, json: ResetCreatedSchema, name: 'ResetCreated', description: 'Link' },
  }),
  audit: route({
    method: 'GET',
    path: '/accounts/audit',
    access: 'owner',
    tag: 'Accounts',
    summary: 'Every change to an account, newest first',
    reply: { status: 200, json: AccountAuditSchema, name: 'AccountAudit', description: 'Log' },
  }),
  changePassword: route({
    method: 'POST',
    path: '/auth/password',
    access: 'facilitator',
    tag: 'Accounts',
    summary: 'Change your own password; your other sessions end',
    body: { schema: PasswordChangeSchema, name: 'PasswordChange' },
    reply: { status: 204, description: 'Changed' },
  }),
  forgot: route({
    method: 'POST',
    path: '/auth/forgot-password',
    access: 'public',
    tag: 'Accounts',
    summary: 'E-mail a reset link to this address if it has an account (needs SMTP_URL)',
    description:
      'Answers the same whether or not the address has an account. 409 when the server cannot send e-mail: ask an owner for a link instead.',
    body: { schema: ForgotPasswordSchema, name: 'ForgotPassword' },
    reply: { status: 204, description: 'If the address has an account, a link is on its way' },
  }),
  reset: route({
    method: 'GET',
    path: '/password-resets/:token',
    access: 'public',
    tag: 'Accounts',
    summary: 'Whose password a reset link is for, while it is valid',
    params: token,
    reply: { status: 200, json: ResetInfoSchema, name: 'ResetInfo', description: 'The link' },
  }),
  useReset: route({
    method: 'POST',
    path: '/password-resets/:token',
    access: 'public',
    tag: 'Accounts',
    summary: 'Set a new password with a reset link (once); ends every session and signs in',
    params: token,
    body: { schema: ResetPasswordSchema, name: 'ResetPassword' },
    reply: { status: 200, json: FacilitatorSchema, name: 'Facilitator', description: 'Signed in' },
  }),
};
