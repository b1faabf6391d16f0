import {
  JoinLookupSchema,
  JoinResultSchema,
  JoinSchema,
  PublicAddressSchema,
} from '../protocol/rest.ts';
import { route, textParam } from './route.ts';

const code = { code: textParam('workshop', 40, 'The join code on the screen') };

/**
 * Joining by code, with no account (JOIN1-JOIN7), and the address phones are given (HALL1).
 * Its own module: a phone's bundle takes these and nothing of the facilitators' API.
 */
export const joinApi = {
  lookup: route({
    method: 'GET',
    path: '/join/:code',
    access: 'public',
    tag: 'Joining',
    summary: 'The workshop a join code belongs to (wrong codes count as guesses)',
    params: code,
    reply: { status: 200, json: JoinLookupSchema, name: 'JoinLookup', description: 'Workshop' },
  }),
  join: route({
    method: 'POST',
    path: '/join/:code',
    access: 'public',
    tag: 'Joining',
    summary: 'Join: a device token for this phone (200 when this phone had joined before)',
    params: code,
    body: { schema: JoinSchema, name: 'Join' },
    reply: { status: 201, json: JoinResultSchema, name: 'JoinResult', description: 'Joined' },
  }),
  qr: route({
    method: 'GET',
    path: '/join/:code/qr.svg',
    access: 'public',
    tag: 'Joining',
    summary: 'A QR code of the join link (drawn for any well-formed code)',
    params: code,
    reply: { status: 200, media: 'image/svg+xml', description: 'SVG' },
  }),
  publicAddress: route({
    method: 'GET',
    path: '/public/address',
    access: 'public',
    tag: 'Joining',
    summary: 'The address phones are given in join links and QR codes',
    reply: {
      status: 200,
      json: PublicAddressSchema,
      name: 'PublicAddress',
      description: 'The address and where it came from',
    },
  }),
};
