import type { ExtendedError } from 'socket.io';
import { normalizeJoinCode, isJoinCode } from '../../../shared/domain/joinCode.ts';
import { PROTOCOL_VERSION } from '../../../shared/protocol/version.ts';
import { HandshakeSchema, type ConnectRefusal } from '../../../shared/protocol/socket.ts';
import type { AuthService } from '../../features/auth/service.ts';
import type { FailureLimiter } from '../../features/auth/rateLimits.ts';
import type { ParticipantService } from '../../features/participants/service.ts';
import type { WorkshopService } from '../../features/workshops/service.ts';
import { SESSION_COOKIE } from '../../core/http.ts';
import { parseCookies } from '../http/helpers.ts';
import type { IoSocket, SocketData } from './types.ts';

export type HandshakeDeps = {
  auth: AuthService;
  workshops: WorkshopService;
  participants: ParticipantService;
  guessLimiter: FailureLimiter;
  clientAddress: (socket: IoSocket) => string;
};

function refuse(code: ConnectRefusal['code'], message: string): ExtendedError {
  const err: ExtendedError = new Error(message);
  err.data = { code, message } satisfies ConnectRefusal;
  return err;
}

/**
 * Decides who a socket is before it may send anything: its role and workshop are fixed here and
 * never taken from later messages. A refusal carries a typed reason the client can act on.
 */
export async function authenticateSocket(
  socket: IoSocket,
  deps: HandshakeDeps,
): Promise<SocketData | ExtendedError> {
  const raw: unknown = socket.handshake.auth;
  const version = typeof raw === 'object' && raw !== null && 'v' in raw ? raw.v : undefined;
  if (version !== PROTOCOL_VERSION) {
    return refuse(
      'PROTOCOL_MISMATCH',
      `This page is out of date (protocol ${String(version)}, server ${PROTOCOL_VERSION}); please reload`,
    );
  }
  const parsed = HandshakeSchema.safeParse(raw);
  if (!parsed.success) return refuse('BAD_REQUEST', 'Malformed handshake');
  const hs = parsed.data;

  if (hs.role === 'facilitator') {
    const sessionToken = parseCookies(socket.handshake.headers.cookie)[SESSION_COOKIE];
    const f = sessionToken ? await deps.auth.facilitatorForSession(sessionToken) : undefined;
    if (!f || !sessionToken) return refuse('UNAUTHENTICATED', 'Please sign in');
    const head = await deps.workshops.findHead(hs.workshopId);
    if (!head) return refuse('NOT_FOUND', 'Workshop not found');
    return { role: 'facilitator', workshopId: head.id, facilitatorId: f.id, sessionToken };
  }

  if (hs.role === 'participant') {
    const p = await deps.participants.authenticate(hs.token);
    if (!p)
      return refuse(
        'UNAUTHENTICATED',
        'This device is not part of the workshop; please join again',
      );
    return { role: 'participant', workshopId: p.workshopId, participantId: p.id, participant: p };
  }

  const key = `join:${deps.clientAddress(socket)}`;
  const verdict = await deps.guessLimiter.check(key);
  if (verdict.refused)
    return refuse('RATE_LIMITED', 'Too many wrong codes; please wait and try again');
  const code = normalizeJoinCode(hs.code);
  const head = isJoinCode(code) ? await deps.workshops.findByCode(code) : undefined;
  if (!head) {
    await deps.guessLimiter.fail(key);
    return refuse('NOT_FOUND', 'No workshop has this code');
  }
  return { role: 'screen', workshopId: head.id };
}
