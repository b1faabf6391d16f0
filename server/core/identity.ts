import type { Language } from '../../shared/domain/languages.ts';
import type { Facilitator } from '../../shared/protocol/rest.ts';
import type { Role } from '../../shared/protocol/socket.ts';
import { refuse } from '../errors.ts';

/**
 * Who is acting, as every feature sees it: resolved once by the transport (a socket's handshake,
 * a request's cookie or device token) and passed in. Features never look at sockets or requests.
 */
export type Actor =
  | { role: 'participant'; workshopId: string; participantId: string }
  | { role: 'facilitator'; workshopId: string; facilitatorId: string };

export type FacilitatorActor = Extract<Actor, { role: 'facilitator' }>;
export type ParticipantActor = Extract<Actor, { role: 'participant' }>;

/**
 * What the transport established about a caller before any command runs (the socket handshake),
 * as much of it as features may read. The transport's own record of a connection extends this.
 */
export type Caller = {
  role: Role;
  workshopId: string;
  participantId?: string;
  facilitatorId?: string;
};

/** Who is acting, from what the handshake fixed; never from the message. */
export function actorOf(caller: Caller): Actor {
  if (caller.role === 'participant' && caller.participantId) {
    return {
      role: 'participant',
      workshopId: caller.workshopId,
      participantId: caller.participantId,
    };
  }
  if (caller.role === 'facilitator' && caller.facilitatorId) {
    return {
      role: 'facilitator',
      workshopId: caller.workshopId,
      facilitatorId: caller.facilitatorId,
    };
  }
  throw refuse('ROLE_NOT_ALLOWED');
}

/** The acting facilitator; anyone else is refused. */
export function facilitatorOf(caller: Caller): FacilitatorActor {
  const actor = actorOf(caller);
  if (actor.role !== 'facilitator') throw refuse('FACILITATORS_ONLY');
  return actor;
}

/** A participant as the server knows them; the device keeps only its token. */
export type Participant = {
  id: string;
  workshopId: string;
  displayName: string;
  groupKey: string;
  language: Language;
  joinedAt: string;
};

export type { Facilitator };
