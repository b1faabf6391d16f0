import { z } from 'zod';
import { RoomStateSchema } from '../domain/room.ts';
import type { Ack } from './ack.ts';
import { ParticipantUpdateSchema, SelfSchema, type Self } from './self.ts';
import { boardCommands, boardEvents } from './board.ts';
import { cafeCommands, cafeEvents } from './cafe.ts';
import { votingCommands, votingEvents } from './voting.ts';

export { SelfSchema, type Self };

/** Roles a socket can hold; fixed at the handshake. */
export const roles = ['facilitator', 'participant', 'screen'] as const;
export type Role = (typeof roles)[number];

/**
 * The Socket.IO handshake's `auth` field. A facilitator is known by the session cookie and names
 * the workshop to run; a participant by the device token from joining; a projector by the code.
 */
export const HandshakeSchema = z.discriminatedUnion('role', [
  z.object({ v: z.int(), role: z.literal('facilitator'), workshopId: z.uuid() }),
  z.object({ v: z.int(), role: z.literal('participant'), token: z.string().min(20).max(100) }),
  z.object({ v: z.int(), role: z.literal('screen'), code: z.string().min(1).max(20) }),
]);
export type Handshake = z.infer<typeof HandshakeSchema>;

export const PresenceSchema = z.object({
  joined: z.int(),
  online: z.int(),
  byGroup: z.array(z.object({ key: z.string(), joined: z.int(), online: z.int() })),
  /**
   * The languages of the people connected now, most spoken first: the projector says how to join
   * in them too. An older server sends none.
   */
  languages: z.array(z.object({ code: z.string(), online: z.int() })).default([]),
});
export type Presence = z.infer<typeof PresenceSchema>;

export const RosterSchema = z.object({
  participants: z.array(
    z.object({
      id: z.uuid(),
      displayName: z.string(),
      groupKey: z.string(),
      language: z.string(),
      online: z.boolean(),
      joinedAt: z.string(),
    }),
  ),
});
export type Roster = z.infer<typeof RosterSchema>;

const empty = z.object({}).strict();

/**
 * Every command a client may send: its payload schema and its result schema. The server parses
 * the payload with `request` before anything else; the client parses the result with `response`.
 * Which roles may send each command is decided by the server's permission map (deny by default).
 */
export const commands = {
  /** Fetch the room as it is now; used after a reconnect or when a phone wakes up. */
  'room:sync': { request: empty, response: RoomStateSchema },
  'participant:update': {
    request: ParticipantUpdateSchema,
    response: SelfSchema,
  },
  'workshop:open': { request: empty, response: RoomStateSchema },
  'workshop:close': { request: empty, response: RoomStateSchema },
  /** Moves the whole room; `null` returns everyone to the welcome screen. */
  'activity:goto': {
    request: z.object({ activityId: z.uuid().nullable() }).strict(),
    response: RoomStateSchema,
  },
  /** Shows or hides the QR code and join code on the projector (HALL3). */
  'screen:join': {
    request: z.object({ shown: z.boolean() }).strict(),
    response: RoomStateSchema,
  },
  'roster:get': { request: empty, response: RosterSchema },
  'presence:get': { request: empty, response: PresenceSchema },
  ...boardCommands,
  ...votingCommands,
  ...cafeCommands,
} as const;

export type CommandName = keyof typeof commands;
export const commandNames = Object.keys(commands) as CommandName[];
export type CommandRequest<K extends CommandName> = z.input<(typeof commands)[K]['request']>;
export type CommandResult<K extends CommandName> = z.output<(typeof commands)[K]['response']>;

/**
 * Whether the server can reach its database: sent at every connection and to everyone when it
 * changes. Consoles warn while it is unreachable; phones resend their waiting presses when it is
 * back. (DUR3, DUR4)
 */
export const ServerHealthSchema = z.object({
  database: z.enum(['ok', 'unreachable']),
  /**
   * With several nodes only: whether this node's broadcasts reach the others (SCALE5). While it
   * is degraded, people connected to other nodes do not see what happens through this one.
   */
  link: z.enum(['ok', 'degraded']).optional(),
});
export type ServerHealth = z.infer<typeof ServerHealthSchema>;

/** Events the server pushes. */
export const serverEvents = {
  'room:state': RoomStateSchema,
  'server:health': ServerHealthSchema,
  /** What was pushed may have been missed (the nodes' link was down): read it all again. */
  'room:resync': z.object({}),
  'participant:self': SelfSchema,
  'presence:changed': PresenceSchema,
  'roster:changed': RosterSchema,
  ...boardEvents,
  ...votingEvents,
  ...cafeEvents,
} as const;
export type ServerEventName = keyof typeof serverEvents;

export type ClientToServerEvents = {
  [K in CommandName]: (
    payload: CommandRequest<K>,
    ack: (res: Ack<CommandResult<K>>) => void,
  ) => void;
};
export type ServerToClientEvents = {
  [K in ServerEventName]: (payload: z.output<(typeof serverEvents)[K]>) => void;
};

/** The `data` of a refused handshake (Socket.IO `connect_error`). */
export const ConnectRefusalSchema = z.object({
  code: z.enum([
    'PROTOCOL_MISMATCH',
    'UNAUTHENTICATED',
    'FORBIDDEN',
    'NOT_FOUND',
    'BAD_REQUEST',
    'RATE_LIMITED',
  ]),
  message: z.string(),
});
export type ConnectRefusal = z.infer<typeof ConnectRefusalSchema>;
