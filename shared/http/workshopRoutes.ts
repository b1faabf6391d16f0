import { z } from 'zod';
import {
  CreateWorkshopSchema,
  EditableWorkshopSchema,
  ReplaceAgendaSchema,
  UpdateWorkshopSchema,
  WorkshopListItemSchema,
  WorkshopSchema,
} from '../domain/workshop.ts';
import { route, uuidParam } from './route.ts';

const workshop = { json: WorkshopSchema, name: 'Workshop' } as const;
const id = { id: uuidParam('workshop') };

/** Planning a workshop: facilitators only. Live control goes over the socket. */
export const workshopApi = {
  list: route({
    method: 'GET',
    path: '/workshops',
    access: 'facilitator',
    tag: 'Workshops',
    summary: 'Every workshop, newest first',
    reply: {
      status: 200,
      json: z.array(WorkshopListItemSchema),
      name: 'WorkshopList',
      description: 'Workshops',
    },
  }),
  create: route({
    method: 'POST',
    path: '/workshops',
    access: 'facilitator',
    tag: 'Workshops',
    summary: 'Plan a new workshop (a draft: nobody can join yet)',
    body: { schema: CreateWorkshopSchema, name: 'CreateWorkshop' },
    reply: { status: 201, ...workshop, description: 'The new workshop' },
  }),
  get: route({
    method: 'GET',
    path: '/workshops/:id',
    access: 'facilitator',
    tag: 'Workshops',
    summary: 'One workshop with its agenda, and the texts added while it runs',
    params: id,
    reply: {
      status: 200,
      json: EditableWorkshopSchema,
      name: 'EditableWorkshop',
      description: 'The workshop',
    },
  }),
  update: route({
    method: 'PATCH',
    path: '/workshops/:id',
    access: 'facilitator',
    tag: 'Workshops',
    summary: "Change a workshop's details or groups",
    params: id,
    body: { schema: UpdateWorkshopSchema, name: 'UpdateWorkshop' },
    reply: { status: 200, ...workshop, description: 'The workshop as saved' },
  }),
  replaceAgenda: route({
    method: 'PUT',
    path: '/workshops/:id/agenda',
    access: 'facilitator',
    tag: 'Workshops',
    summary: "Replace a workshop's agenda (activities that ran are kept)",
    params: id,
    body: { schema: ReplaceAgendaSchema, name: 'ReplaceAgenda' },
    reply: { status: 200, ...workshop, description: 'The workshop as saved' },
  }),
};
