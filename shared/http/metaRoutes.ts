import { z } from 'zod';
import { route } from './route.ts';

/** The OpenAPI document, generated from every route definition. */
export const metaApi = {
  openApi: route({
    method: 'GET',
    path: '/openapi.json',
    access: 'public',
    tag: 'About',
    summary: 'This document (OpenAPI 3.1)',
    reply: {
      status: 200,
      // The document's own shape is OpenAPI's; only its frame is checked here.
      json: z.looseObject({
        openapi: z.string(),
        info: z.looseObject({ title: z.string(), version: z.string() }),
        paths: z.looseObject({}),
      }),
      name: 'OpenApiDocument',
      description: 'OpenAPI 3.1',
    },
  }),
};
