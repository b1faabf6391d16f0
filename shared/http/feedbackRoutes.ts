import { z } from 'zod';
import {
  PublicFeedbackSchema,
  PublishResultSchema,
  ResponseInputSchema,
  ResponseSchema,
  ResponsesViewSchema,
} from '../protocol/feedback.ts';
import { feedbackContactRoute, feedbackLinkRoute } from './participantRoutes.ts';
import { route, uuidParam } from './route.ts';

const id = { id: uuidParam('record') };
const publicId = {
  publicId: {
    schema: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
    what: 'page' as const,
    description: "The record's public id",
  },
};

/** "You said, we did" (FEED1-FEED9): responses, publishing, the public page, contacts. */
export const feedbackApi = {
  responses: route({
    method: 'GET',
    path: '/records/:id/responses',
    access: 'facilitator',
    tag: 'Feedback',
    summary: 'Outcome items and what the council decided about each',
    params: id,
    reply: {
      status: 200,
      json: ResponsesViewSchema,
      name: 'ResponsesView',
      description: 'Items, responses, and contacts as counts only',
    },
  }),
  setResponse: route({
    method: 'PUT',
    path: '/records/:id/responses/:itemId',
    access: 'facilitator',
    tag: 'Feedback',
    summary: 'Record what happened to one outcome item',
    description: 'A decision of `not_adopted` requires an explanation.',
    params: {
      ...id,
      itemId: uuidParam('outcomeItem', 'A theme, option, insight or commitment id'),
    },
    body: { schema: ResponseInputSchema, name: 'ResponseInput' },
    reply: { status: 200, json: ResponseSchema, name: 'Response', description: 'The response' },
  }),
  publish: route({
    method: 'POST',
    path: '/records/:id/feedback/publish',
    access: 'facilitator',
    tag: 'Feedback',
    summary: 'Publish the feedback and send it to people who asked to be told',
    params: id,
    reply: {
      status: 200,
      json: PublishResultSchema,
      name: 'PublishResult',
      description: 'When it was published and how many messages were queued',
    },
  }),
  publicPage: route({
    method: 'GET',
    path: '/public/feedback/:publicId',
    access: 'public',
    tag: 'Feedback',
    summary: 'The public "You said, we did" page of a record',
    params: publicId,
    reply: {
      status: 200,
      json: PublicFeedbackSchema,
      name: 'PublicFeedback',
      description: 'Nothing personal: no names, emails or hidden notes',
    },
  }),
  publicQr: route({
    method: 'GET',
    path: '/public/feedback/:publicId/qr.svg',
    access: 'public',
    tag: 'Feedback',
    summary: 'A QR code of the public page',
    params: publicId,
    reply: { status: 200, media: 'image/svg+xml', description: 'SVG' },
  }),
  feedbackLink: feedbackLinkRoute,
  contact: feedbackContactRoute,
};
