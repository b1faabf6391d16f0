import { Router, type Request } from 'express';
import { z } from 'zod';
import {
  AboutYouSchema,
  ReferenceProfileSchema,
  type AboutYouInput,
} from '../../../shared/protocol/reach.ts';
import { AppError, notFound } from '../../errors.ts';
import { facilitatorOf, parseBody, requireFacilitator } from '../../transport/http/helpers.ts';
import type { ParticipantService } from '../participants/service.ts';
import type { Erasure } from '../records/erasure.ts';
import type { ReachService } from './service.ts';

const uuid = z.uuid();
const idOf = (raw: unknown, what: string) => {
  const id = uuid.safeParse(raw);
  if (!id.success) throw notFound(what);
  return id.data;
};

/** The participant a device token in `Authorization: Bearer <token>` belongs to, or a 401. */
async function participantOf(req: Request, participants: ParticipantService) {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(header);
  const p = match ? await participants.authenticate(match[1]!) : undefined;
  if (!p) throw new AppError('UNAUTHENTICATED', 'Join the workshop first');
  return p;
}

/**
 * Reach monitoring (REC12, REC13) and data protection (REC14). The "about you" answers come from
 * a phone; everything else is for facilitators. No endpoint returns an answer row, or anything
 * that ties answers to a participant.
 */
export function reachRoutes(deps: {
  reach: ReachService;
  erasure: Erasure;
  participants: ParticipantService;
}): Router {
  const r = Router();

  r.post('/participant/about-you', async (req, res) => {
    const p = await participantOf(req, deps.participants);
    const answers: AboutYouInput = parseBody(AboutYouSchema, req.body);
    await deps.reach.aboutYou(p, answers);
    res.status(204).end();
  });

  r.get('/workshops/:id/reach', requireFacilitator, async (req, res) => {
    res.json(await deps.reach.forWorkshop(idOf(req.params.id, 'Workshop')));
  });

  r.get('/records/:id/reach', requireFacilitator, async (req, res) => {
    res.json(await deps.reach.forRecord(idOf(req.params.id, 'Record')));
  });

  r.get('/reference-profile', requireFacilitator, async (_req, res) => {
    res.json(await deps.reach.profile());
  });

  r.put('/reference-profile', requireFacilitator, async (req, res) => {
    const input = parseBody(ReferenceProfileSchema, req.body);
    res.json(await deps.reach.setProfile(facilitatorOf(res).id, input.rows));
  });

  r.get('/workshops/:id/contributors', requireFacilitator, async (req, res) => {
    res.json(await deps.erasure.contributors(idOf(req.params.id, 'Workshop')));
  });

  r.delete(
    '/workshops/:id/participants/:participantId/contributions',
    requireFacilitator,
    async (req, res) => {
      const workshopId = idOf(req.params.id, 'Workshop');
      const participantId = idOf(req.params.participantId, 'Participant');
      res.json(await deps.erasure.erase(facilitatorOf(res).id, workshopId, participantId));
    },
  );

  r.get('/records/:id/audit', requireFacilitator, async (req, res) => {
    res.json(await deps.reach.audit(idOf(req.params.id, 'Record')));
  });

  return r;
}
