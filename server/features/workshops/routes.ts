import { Router } from 'express';
import { z } from 'zod';
import {
  CreateWorkshopSchema,
  ReplaceAgendaSchema,
  UpdateWorkshopSchema,
} from '../../../shared/domain/workshop.ts';
import { notFound } from '../../errors.ts';
import { facilitatorOf, parseBody, requireFacilitator } from '../../transport/http/helpers.ts';
import type { WorkshopService } from './service.ts';

const idParam = z.uuid();

/** Planning a workshop: facilitators only. Live control goes over the socket. */
export function workshopRoutes(workshops: WorkshopService): Router {
  const r = Router();
  r.use('/workshops', requireFacilitator);
  const idOf = (raw: unknown) => {
    const id = idParam.safeParse(raw);
    if (!id.success) throw notFound('Workshop');
    return id.data;
  };

  r.get('/workshops', async (_req, res) => {
    res.json(await workshops.list());
  });

  r.post('/workshops', async (req, res) => {
    const input = parseBody(CreateWorkshopSchema, req.body);
    res.status(201).json(await workshops.create(facilitatorOf(res).id, input));
  });

  r.get('/workshops/:id', async (req, res) => {
    res.json(await workshops.get(idOf(req.params.id)));
  });

  r.patch('/workshops/:id', async (req, res) => {
    const input = parseBody(UpdateWorkshopSchema, req.body);
    res.json(await workshops.update(idOf(req.params.id), input));
  });

  r.put('/workshops/:id/agenda', async (req, res) => {
    const input = parseBody(ReplaceAgendaSchema, req.body);
    res.json(await workshops.replaceAgenda(idOf(req.params.id), input.activities));
  });

  return r;
}
