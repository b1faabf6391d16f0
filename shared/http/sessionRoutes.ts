import { FacilitatorSchema, InstanceInfoSchema } from '../protocol/rest.ts';
import { route } from './route.ts';

const facilitator = { json: FacilitatorSchema, name: 'Facilitator' } as const;

/**
 * Who is signed in, and whether the server still needs its first account: asked by the front
 * page every phone opens, so kept apart from the rest of the accounts API (AUTH1, AUTH3).
 */
export const sessionApi = {
  instance: route({
    method: 'GET',
    path: '/instance',
    access: 'public',
    tag: 'Accounts',
    summary: 'Whether this server still needs its first facilitator account',
    reply: { status: 200, json: InstanceInfoSchema, name: 'InstanceInfo', description: 'State' },
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
};
