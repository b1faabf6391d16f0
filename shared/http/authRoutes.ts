import {
  AcceptInviteSchema,
  FacilitatorSchema,
  InviteCreatedSchema,
  InviteInfoSchema,
  LoginSchema,
  SetupSchema,
} from '../protocol/rest.ts';
import { route, textParam } from './route.ts';
import { sessionApi } from './sessionRoutes.ts';

const facilitator = { json: FacilitatorSchema, name: 'Facilitator' } as const;
const token = { token: textParam('invite', 100, 'The invite token from the link') };

/** Signing in, the first account, and inviting colleagues (AUTH1-AUTH4). */
export const authApi = {
  ...sessionApi,
  setup: route({
    method: 'POST',
    path: '/setup',
    access: 'public',
    tag: 'Accounts',
    summary: 'Create the first facilitator account (once; may need the set-up token)',
    body: { schema: SetupSchema, name: 'Setup' },
    reply: { status: 201, ...facilitator, description: 'Signed in as the new facilitator' },
  }),
  login: route({
    method: 'POST',
    path: '/auth/login',
    access: 'public',
    tag: 'Accounts',
    summary: 'Sign in; sets the session cookie',
    body: { schema: LoginSchema, name: 'Login' },
    reply: { status: 200, ...facilitator, description: 'Signed in' },
  }),
  createInvite: route({
    method: 'POST',
    path: '/invites',
    access: 'facilitator',
    tag: 'Accounts',
    summary: 'Invite a colleague: a one-time link to create their account',
    reply: { status: 201, json: InviteCreatedSchema, name: 'InviteCreated', description: 'Link' },
  }),
  invite: route({
    method: 'GET',
    path: '/invites/:token',
    access: 'public',
    tag: 'Accounts',
    summary: 'Who sent an invite, while it is valid',
    params: token,
    reply: { status: 200, json: InviteInfoSchema, name: 'InviteInfo', description: 'The invite' },
  }),
  acceptInvite: route({
    method: 'POST',
    path: '/invites/:token/accept',
    access: 'public',
    tag: 'Accounts',
    summary: 'Create an account from an invite; signs in',
    params: token,
    body: { schema: AcceptInviteSchema, name: 'AcceptInvite' },
    reply: { status: 201, ...facilitator, description: 'Signed in as the new facilitator' },
  }),
};
