import { Router, type Request } from 'express';
import QRCode from 'qrcode';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { z } from 'zod';
import {
  FeedbackContactSchema,
  ResponseInputSchema,
  feedbackPath,
  type WorkshopFeedbackLink,
} from '../../../shared/protocol/feedback.ts';
import { AppError, notFound } from '../../errors.ts';
import {
  clientIp,
  facilitatorOf,
  parseBody,
  requireFacilitator,
} from '../../transport/http/helpers.ts';
import type { ParticipantService } from '../participants/service.ts';
import type { FeedbackService } from './service.ts';

const uuid = z.uuid();
const publicIdPattern = /^[A-Za-z0-9_-]{1,64}$/;

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
  participants: ParticipantService;
  publicUrl: (req: Request) => string;
}): Router {
  const r = Router();
  const recordId = (raw: unknown) => {
    const id = uuid.safeParse(raw);
    if (!id.success) throw notFound('Record');
    return id.data;
  };
  const publicId = (raw: unknown) => {
    const id = String(raw);
    if (!publicIdPattern.test(id)) throw notFound('Page');
    return id;
  };

  r.get('/records/:id/responses', requireFacilitator, async (req, res) => {
    res.json(await deps.feedback.responses(recordId(req.params.id)));
  });

  r.put('/records/:id/responses/:itemId', requireFacilitator, async (req, res) => {
    const id = recordId(req.params.id);
    const itemId = uuid.safeParse(req.params.itemId);
    if (!itemId.success) throw notFound('Outcome item');
    const input = parseBody(ResponseInputSchema, req.body);
    res.json(await deps.feedback.setResponse(id, itemId.data, input, facilitatorOf(res).id));
  });

  r.post('/records/:id/feedback/publish', requireFacilitator, async (req, res) => {
    const result = await deps.feedback.publish(
      recordId(req.params.id),
      facilitatorOf(res).id,
      deps.publicUrl(req),
    );
    res.json(result);
  });

  r.get('/public/feedback/:publicId', async (req, res) => {
    const body = await deps.feedback.publicFeedback(publicId(req.params.publicId));
    res.set('Cache-Control', 'public, max-age=60').json(body);
  });

  r.get('/public/feedback/:publicId/qr.svg', async (req, res) => {
    const id = publicId(req.params.publicId);
    if (!(await deps.feedback.publicIdExists(id))) throw notFound('Page');
    const svg = await QRCode.toString(`${deps.publicUrl(req)}${feedbackPath(id)}`, {
      type: 'svg',
      errorCorrectionLevel: 'M',
      margin: 2,
    });
    res.type('image/svg+xml').set('Cache-Control', 'public, max-age=3600').send(svg);
  });

  // A phone whose workshop has closed asks where "what happened next" is published. The id is
  // the workshop's unguessable id, and the answer is a public page or nothing.
  r.get('/public/workshops/:id/feedback', async (req, res) => {
    const id = uuid.safeParse(req.params.id);
    const path = id.success ? await deps.feedback.publishedPathOfWorkshop(id.data) : null;
    const body: WorkshopFeedbackLink = { feedbackPath: path };
    res.set('Cache-Control', 'no-cache').json(body);
  });

  // Counted in memory only: a stored count per participant would itself be a link (REC10).
  const perPhone = new RateLimiterMemory({ points: CONTACTS_PER_PHONE_PER_HOUR, duration: 3600 });
  const perAddress = new RateLimiterMemory({ points: deps.contactsPerAddress, duration: 3600 });
  r.post('/participant/feedback-contact', async (req, res) => {
    const header = req.headers.authorization ?? '';
    const token = /^Bearer\s+(\S{1,200})$/i.exec(header)?.[1];
    const participant = token ? await deps.participants.authenticate(token) : undefined;
    if (!token || !participant) {
      throw new AppError('UNAUTHENTICATED', 'This device is not part of the workshop; join again');
    }
    const input = parseBody(FeedbackContactSchema, req.body);
    await spend(perPhone, participant.id, 'Too many addresses from this phone; try later');
    await spend(perAddress, clientIp(req), 'Too many addresses from this network; try later');
    await deps.feedback.addContact(participant, token, input);
    res.status(204).end();
  });

  return r;
}

/** Takes one from a limit, or refuses with how long until there is room again. */
async function spend(limiter: RateLimiterMemory, key: string, message: string) {
  try {
    await limiter.consume(key);
  } catch (err) {
    if (!(err instanceof RateLimiterRes)) throw err;
    throw new AppError('RATE_LIMITED', message, {
      retryAfterSeconds: Math.max(1, Math.ceil(err.msBeforeNext / 1000)),
    });
  }
}
