import type { Language } from '../../shared/domain/languages.ts';
import type { Facilitator } from '../../shared/protocol/rest.ts';

/**
 * Who is acting, as every feature sees it: resolved once by the transport (a socket's handshake,
 * a request's cookie or device token) and passed in. Features never look at sockets or requests.
 */
export type Actor =
  | { role: 'participant'; workshopId: string; participantId: string }
  | { role: 'facilitator'; workshopId: string; facilitatorId: string };

export type FacilitatorActor = Extract<Actor, { role: 'facilitator' }>;
export type ParticipantActor = Extract<Actor, { role: 'participant' }>;

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
