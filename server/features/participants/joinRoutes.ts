import QRCode from 'qrcode';
import { joinApi } from '../../../shared/http/joinRoutes.ts';
import { isJoinCode, normalizeJoinCode } from '../../../shared/domain/joinCode.ts';
import { handle, type RouteBinding } from '../../core/http.ts';
import { refuse } from '../../errors.ts';
import { newToken } from '../auth/tokens.ts';
import { refuseIfLimited } from '../auth/routes.ts';
import type { FailureLimiter } from '../auth/rateLimits.ts';
import type { WorkshopService } from '../workshops/service.ts';
import type { ParticipantService } from './service.ts';

/** Marks a browser that has joined before, so joining again is the same participant (JOIN7). */
const DEVICE_COOKIE = 'rt_device';

/**
 * Joining by code, with no account. Wrong codes count against the caller's address: a person
 * mistyping is not slowed, a script walking the code space is slowed and then refused. (SEC2)
 */
export function joinRoutes(deps: {
  workshops: WorkshopService;
  participants: ParticipantService;
  guessLimiter: FailureLimiter;
  secureCookies: boolean;
}): RouteBinding[] {
  async function workshopForCode(typed: string, clientAddress: string) {
    const key = `join:${clientAddress}`;
    await refuseIfLimited(deps.guessLimiter, key);
    const code = normalizeJoinCode(typed.slice(0, 20));
    const head = isJoinCode(code) ? await deps.workshops.findByCode(code) : undefined;
    if (!head) {
      await deps.guessLimiter.fail(key);
      throw refuse('JOIN_CODE_UNKNOWN');
    }
    return head;
  }

  return [
    handle(joinApi.lookup, async (ctx) => {
      const head = await workshopForCode(ctx.params.code, ctx.clientAddress);
      return { workshopId: head.id, title: head.title, status: head.status, groups: head.groups };
    }),

    handle(joinApi.join, async (ctx) => {
      const head = await workshopForCode(ctx.params.code, ctx.clientAddress);
      let device = ctx.cookie(DEVICE_COOKIE);
      if (!device || device.length > 100) {
        device = newToken();
        ctx.setCookie(DEVICE_COOKIE, device, {
          httpOnly: true,
          sameSite: 'lax',
          secure: deps.secureCookies,
          path: '/api/join',
          maxAge: 400 * 24 * 60 * 60 * 1000,
        });
      }
      const { participant, token, rejoined } = await deps.participants.join(
        head.id,
        ctx.body,
        device,
      );
      if (rejoined) ctx.status(200);
      return { participantId: participant.id, token, workshopId: head.id };
    }),

    handle(joinApi.qr, async (ctx) => {
      const code = normalizeJoinCode(ctx.params.code.slice(0, 20));
      if (!isJoinCode(code)) throw refuse('NOT_A_JOIN_CODE');
      // The QR holds only the public link; it is drawn for any well-formed code so that this
      // endpoint tells a guesser nothing about which codes exist.
      ctx.header('Cache-Control', 'public, max-age=3600');
      return QRCode.toString(`${ctx.publicUrl}/j/${code}`, {
        type: 'svg',
        errorCorrectionLevel: 'M',
        margin: 2,
      });
    }),
  ];
}
