import QRCode from 'qrcode';
import { joinApi } from '../../../shared/http/joinRoutes.ts';
import { isJoinCode, normalizeJoinCode } from '../../../shared/domain/joinCode.ts';
import { handle, type RouteBinding } from '../../core/http.ts';
import type { InlinedJoinInfo, JoinLookup } from '../../../shared/protocol/rest.ts';
import { refuse } from '../../errors.ts';
import { newToken } from '../auth/tokens.ts';
import { refuseIfLimited } from '../auth/routes.ts';
import type { FailureLimiter } from '../auth/rateLimits.ts';
import type { WorkshopService } from '../workshops/service.ts';
import type { ParticipantService } from './service.ts';

/** Marks a browser that has joined before, so joining again is the same participant (JOIN7). */
const DEVICE_COOKIE = 'rt_device';

/**
 * Wrong codes count against the caller's address, wherever they are tried (the API, a join
 * link's page): a person mistyping is not slowed, a script walking the code space is slowed and
 * then refused. (SEC2)
 */
const guessKey = (clientAddress: string) => `join:${clientAddress}`;

type LookupDeps = { workshops: WorkshopService; guessLimiter: FailureLimiter };

async function workshopForCode(deps: LookupDeps, typed: string, clientAddress: string) {
  const key = guessKey(clientAddress);
  await refuseIfLimited(deps.guessLimiter, key);
  const code = normalizeJoinCode(typed.slice(0, 20));
  const head = isJoinCode(code) ? await deps.workshops.findByCode(code) : undefined;
  if (!head) {
    await deps.guessLimiter.fail(key);
    throw refuse('JOIN_CODE_UNKNOWN');
  }
  return head;
}

function lookupOf(head: Awaited<ReturnType<typeof workshopForCode>>): JoinLookup {
  // Only the title's translations: the join page shows nothing else the facilitator wrote.
  const titles: JoinLookup['titles'] = {};
  for (const [language, phrases] of Object.entries(head.translations) as [
    keyof JoinLookup['titles'],
    Record<string, string> | undefined,
  ][]) {
    if (phrases && Object.hasOwn(phrases, head.title)) titles[language] = phrases[head.title]!;
  }
  return {
    workshopId: head.id,
    title: head.title,
    language: head.language,
    titles,
    status: head.status,
    groups: head.groups,
  };
}

/**
 * The lookup a join link's page carries (LIGHT8), under the same rules as the API's: a code no
 * workshop has counts as a guess and is answered `null`, so the phone need not ask (and count)
 * again. `undefined` is "not in the page": a code that is not one, or a caller past its guess
 * limit, whose phone then asks the API and is told why.
 */
export function joinInfoForPage(deps: LookupDeps) {
  return async (typed: string, clientAddress: string): Promise<InlinedJoinInfo | undefined> => {
    const code = normalizeJoinCode(typed.slice(0, 20));
    if (!isJoinCode(code)) return undefined;
    const key = guessKey(clientAddress);
    if ((await deps.guessLimiter.check(key)).refused) return undefined;
    const head = await deps.workshops.findByCode(code);
    if (!head) {
      await deps.guessLimiter.fail(key);
      return { code, lookup: null };
    }
    return { code, lookup: lookupOf(head) };
  };
}

/** Joining by code, with no account. */
export function joinRoutes(
  deps: LookupDeps & { participants: ParticipantService; secureCookies: boolean },
): RouteBinding[] {
  return [
    handle(joinApi.lookup, async (ctx) =>
      lookupOf(await workshopForCode(deps, ctx.params.code, ctx.clientAddress)),
    ),

    handle(joinApi.join, async (ctx) => {
      const head = await workshopForCode(deps, ctx.params.code, ctx.clientAddress);
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
      // The head as the code found it: a join costs one more read (the agenda), not two.
      const room = await deps.workshops.roomStateOf(head);
      return { participantId: participant.id, token, workshopId: head.id, room };
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
