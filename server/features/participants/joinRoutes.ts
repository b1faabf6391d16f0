import { Router, type Request } from 'express';
import QRCode from 'qrcode';
import { isJoinCode, normalizeJoinCode } from '../../../shared/domain/joinCode.ts';
import type { JoinLookup, JoinResult } from '../../../shared/protocol/rest.ts';
import { AppError } from '../../errors.ts';
import { clientIp, parseBody, parseCookies } from '../../transport/http/helpers.ts';
import { newToken } from '../auth/tokens.ts';

/** Marks a browser that has joined before, so joining again is the same participant (JOIN7). */
const DEVICE_COOKIE = 'rt_device';
import { JoinSchema } from '../../../shared/protocol/rest.ts';
import { refuseIfLimited } from '../auth/routes.ts';
import type { FailureLimiter } from '../auth/rateLimits.ts';
import type { WorkshopService } from '../workshops/service.ts';
import type { ParticipantService } from './service.ts';

/**
 * Joining by code, with no account. Wrong codes count against the caller's address: a person
 * mistyping is not slowed, a script walking the code space is slowed and then refused. (SEC2)
 */
export function joinRoutes(deps: {
  workshops: WorkshopService;
  participants: ParticipantService;
  guessLimiter: FailureLimiter;
  publicUrl: (req: Request) => string;
  secureCookies: boolean;
}): Router {
  const r = Router();

  async function workshopForCode(req: Request) {
    const key = `join:${clientIp(req)}`;
    await refuseIfLimited(deps.guessLimiter, key);
    const code = normalizeJoinCode(String(req.params.code).slice(0, 20));
    const head = isJoinCode(code) ? await deps.workshops.findByCode(code) : undefined;
    if (!head) {
      await deps.guessLimiter.fail(key);
      throw new AppError('NOT_FOUND', 'No workshop has this code; check it on the screen');
    }
    return head;
  }

  r.get('/join/:code', async (req, res) => {
    const head = await workshopForCode(req);
    const body: JoinLookup = {
      workshopId: head.id,
      title: head.title,
      status: head.status,
      groups: head.groups,
    };
    res.json(body);
  });

  r.post('/join/:code', async (req, res) => {
    const head = await workshopForCode(req);
    const input = parseBody(JoinSchema, req.body);
    let device = parseCookies(req.headers.cookie)[DEVICE_COOKIE];
    if (!device || device.length > 100) {
      device = newToken();
      res.cookie(DEVICE_COOKIE, device, {
        httpOnly: true,
        sameSite: 'lax',
        secure: deps.secureCookies,
        path: '/api/join',
        maxAge: 400 * 24 * 60 * 60 * 1000,
      });
    }
    const { participant, token, rejoined } = await deps.participants.join(head.id, input, device);
    const body: JoinResult = { participantId: participant.id, token, workshopId: head.id };
    res.status(rejoined ? 200 : 201).json(body);
  });

  r.get('/join/:code/qr.svg', async (req, res) => {
    const code = normalizeJoinCode(String(req.params.code).slice(0, 20));
    if (!isJoinCode(code)) throw new AppError('NOT_FOUND', 'Not a join code');
    // The QR holds only the public link; it is drawn for any well-formed code so that this
    // endpoint tells a guesser nothing about which codes exist.
    const svg = await QRCode.toString(`${deps.publicUrl(req)}/j/${code}`, {
      type: 'svg',
      errorCorrectionLevel: 'M',
      margin: 2,
    });
    res.type('image/svg+xml').set('Cache-Control', 'public, max-age=3600').send(svg);
  });

  return r;
}
