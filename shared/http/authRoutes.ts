import { z } from 'zod';
import {
  AcceptInviteSchema,
  FacilitatorSchema,
  InstanceInfoSchema,
  InviteCreatedSchema,
  InviteInfoSchema,
  LoginSchema,
  SetupSchema,
} from '../protocol/rest.ts';
import { route, textParam } from './route.ts';

const facilitator = { json: FacilitatorSchema, name: 'Facilitator' } as const;
const token = { token: textParam('Invite', 100, 'The invite token from the link') };

/** Signing in, the first account, and inviting colleagues (AUTH1-AUTH4). */
export const authApi = {
  instance: route({
    method: 'GET',
    path: '/instance',
    access: 'public',
    tag: 'Accounts',
    summary: 'Whether this server still needs its first facilitator account',
    reply: { status: 200, json: InstanceInfoSchema, name: 'InstanceInfo', description: 'State' },
  }),
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
  logout: route({
    method: 'POST',
    path: '/auth/logout',
    access: 'public',
    tag: 'Accounts',
    summary: 'Sign out (ends the session, if any)',
    reply: { status: 204, description: 'Signed out' },
  }),
  me: route({
    method: 'GET',
    path: '/auth/me',
    access: 'facilitator',
    tag: 'Accounts',
    summary: 'The signed-in facilitator',
    reply: { status: 200, ...facilitator, description: 'Who is signed in' },
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

/** The OpenAPI document, generated from every route definition. */
export const metaApi = {
  openApi: route({
    method: 'GET',
    path: '/openapi.json',
    access: 'public',
    tag: 'About',
    summary: 'This document (OpenAPI 3.1)',
    reply: {
      status: 200,
      // The document's own shape is OpenAPI's; only its frame is checked here.
      json: z.looseObject({
        openapi: z.string(),
        info: z.looseObject({ title: z.string(), version: z.string() }),
        paths: z.looseObject({}),
      }),
      name: 'OpenApiDocument',
      description: 'OpenAPI 3.1',
    },
  }),
};
