import type { Server, Socket } from 'socket.io';
import type { Caller } from '../../core/identity.ts';
import type { Participant } from '../../features/participants/store.ts';
import type { Results } from '../../../shared/domain/voting.ts';
import type {
  ClientToServerEvents,
  ServerToClientEvents,
} from '../../../shared/protocol/socket.ts';

/** What the handshake established about a socket; fixed for its lifetime. */
export type SocketData = Caller & {
  /** The participant as loaded at the handshake, for the first push; later reads go to the database. */
  participant?: Participant;
  /** The facilitator's session, re-checked on each command so signing out takes effect at once. */
  sessionToken?: string;
};

/** Between nodes, through the adapter (only when several nodes are linked). */
type InterServerEvents = {
  /** Which participants of a workshop have a socket on the answering node. */
  'presence:online': (workshopId: string, answer: (participantIds: string[]) => void) => void;
  /** A vote's snapshot, counted once by the node whose turn it was, for each node's sockets. */
  'vote:deliver': (
    workshopId: string,
    results: Results,
    audience: 'everyone' | 'facilitators',
  ) => void;
};

export type IoServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;
export type IoSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;

/** Room names, built in one place so they are never spelled two ways. */
export const rooms = {
  everyone: (workshopId: string) => `w:${workshopId}`,
  participants: (workshopId: string) => `w:${workshopId}:participants`,
  /** Facilitators and projectors: they see counts. */
  staff: (workshopId: string) => `w:${workshopId}:staff`,
  facilitators: (workshopId: string) => `w:${workshopId}:facilitators`,
  participant: (participantId: string) => `p:${participantId}`,
  /** Every console of one facilitator, on every workshop: removal ends them all (AUTH7). */
  facilitator: (facilitatorId: string) => `f:${facilitatorId}`,
};
