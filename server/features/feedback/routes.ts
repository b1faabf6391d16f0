import QRCode from 'qrcode';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { z } from 'zod';
import { feedbackApi } from '../../../shared/http/feedbackRoutes.ts';
import { feedbackPath } from '../../../shared/protocol/feedback.ts';
import { handle, type RouteBinding } from '../../core/http.ts';
import { notFound, refuse } from '../../errors.ts';
import type { FeedbackService } from './service.ts';

/**
 * Addresses one phone may leave per hour: enough to put a typo right, too few to spam (SEC14).
 * A script that joins again for each stranger is a new phone each time; the per-network-address
 * limit (CONTACTS_PER_ADDRESS) is what holds it.
 */
const CONTACTS_PER_PHONE_PER_HOUR = 5;

/**
 * "You said, we did" over REST: responses and publishing for facilitators, the public page and
 * its QR code for anyone, and the contact a participant leaves from the join flow.
 */
export function feedbackRoutes(deps: {
  feedback: FeedbackService;
  /** Feedback addresses one network address may leave per hour (SEC14). */
  contactsPerAddress: number;
}): RouteBinding[] {
  // Counted in memory only: a stored count per participant would itself be a link (REC10).
  const perPhone = new RateLimiterMemory({ points: CONTACTS_PER_PHONE_PER_HOUR, duration: 3600 });
  const perAddress = new RateLimiterMemory({ points: deps.contactsPerAddress, duration: 3600 });

  return [
    handle(feedbackApi.responses, (ctx) => deps.feedback.responses(ctx.params.id)),

    handle(feedbackApi.setResponse, (ctx) =>
      deps.feedback.setResponse(ctx.params.id, ctx.params.itemId, ctx.body, ctx.facilitator.id),
    ),

    handle(feedbackApi.publish, (ctx) =>
      deps.feedback.publish(ctx.params.id, ctx.facilitator.id, ctx.publicUrl),
    ),

    handle(feedbackApi.publicPage, async (ctx) => {
      const body = await deps.feedback.publicFeedback(ctx.params.publicId);
      ctx.header('Cache-Control', 'public, max-age=60');
      return body;
    }),

    handle(feedbackApi.publicQr, async (ctx) => {
      const id = ctx.params.publicId;
      if (!(await deps.feedback.publicIdExists(id))) throw notFound('page');
      ctx.header('Cache-Control', 'public, max-age=3600');
      return QRCode.toString(`${ctx.publicUrl}${feedbackPath(id)}`, {
        type: 'svg',
        errorCorrectionLevel: 'M',
        margin: 2,
      });
    }),

    // A phone whose workshop has closed asks where "what happened next" is published. The id is
    // the workshop's unguessable id, and the answer is a public page or nothing.
    handle(feedbackApi.feedbackLink, async (ctx) => {
      const id = z.uuid().safeParse(ctx.params.id);
      const path = id.success ? await deps.feedback.publishedPathOfWorkshop(id.data) : null;
      ctx.header('Cache-Control', 'no-cache');
      return { feedbackPath: path };
    }),

    handle(feedbackApi.contact, async (ctx) => {
      const { participant, token } = ctx.participant;
      await spend(perPhone, participant.id, 'TOO_MANY_ADDRESSES_FROM_PHONE');
      await spend(perAddress, ctx.clientAddress, 'TOO_MANY_ADDRESSES_FROM_NETWORK');
      await deps.feedback.addContact(participant, token, ctx.body);
      return undefined;
    }),
  ];
}

/** Takes one from a limit, or refuses with how long until there is room again. */
async function spend(
  limiter: RateLimiterMemory,
  key: string,
  reason: 'TOO_MANY_ADDRESSES_FROM_PHONE' | 'TOO_MANY_ADDRESSES_FROM_NETWORK',
) {
  try {
    await limiter.consume(key);
  } catch (err) {
    if (!(err instanceof RateLimiterRes)) throw err;
    throw refuse(
      reason,
      {},
      {
        retryAfterSeconds: Math.max(1, Math.ceil(err.msBeforeNext / 1000)),
      },
    );
  }
}
