import { Router, type Request } from 'express';
import QRCode from 'qrcode';
import { z } from 'zod';
import {
  FeedbackContactSchema,
  ResponseInputSchema,
  feedbackPath,
  type WorkshopFeedbackLink,
} from '../../../shared/protocol/feedback.ts';
import { AppError, notFound } from '../../errors.ts';
import { facilitatorOf, parseBody, requireFacilitator } from '../../transport/http/helpers.ts';
import type { ParticipantService } from '../participants/service.ts';
import type { FeedbackService } from './service.ts';

const uuid = z.uuid();
const publicIdPattern = /^[A-Za-z0-9_-]{1,64}$/;

/** Addresses one phone may leave per hour; enough to put a typo right, too few to spam. */
const CONTACTS_PER_HOUR = 10;

/**
 * "You said, we did" over REST: responses and publishing for facilitators, the public page and
 * its QR code for anyone, and the contact a participant leaves from the join flow.
 */
export function feedbackRoutes(deps: {
  feedback: FeedbackService;
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

  const recent = new Map<string, { count: number; resetAt: number }>();
  r.post('/participant/feedback-contact', async (req, res) => {
    const header = req.headers.authorization ?? '';
    const token = /^Bearer\s+(\S{1,200})$/i.exec(header)?.[1];
    const participant = token ? await deps.participants.authenticate(token) : undefined;
    if (!participant) {
      throw new AppError('UNAUTHENTICATED', 'This device is not part of the workshop; join again');
    }
    const input = parseBody(FeedbackContactSchema, req.body);
    // Counted in memory only: a stored count per participant would itself be a link (REC10).
    const now = Date.now();
    if (recent.size > 10_000) {
      for (const [k, v] of recent) if (v.resetAt <= now) recent.delete(k);
    }
    const seen = recent.get(participant.id);
    const entry = seen && seen.resetAt > now ? seen : { count: 0, resetAt: now + 3_600_000 };
    if (entry.count >= CONTACTS_PER_HOUR) {
      throw new AppError('RATE_LIMITED', 'Too many addresses from this phone; try later', {
        retryAfterSeconds: Math.ceil((entry.resetAt - now) / 1000),
      });
    }
    entry.count += 1;
    recent.set(participant.id, entry);
    await deps.feedback.addContact(participant, input);
    res.status(204).end();
  });

  return r;
}
