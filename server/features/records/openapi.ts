import { z } from 'zod';
import { ErrorBodySchema } from '../../../shared/protocol/ack.ts';
import {
  EngagementRecordSchema,
  OutcomeSchema,
  CreateRecordSchema,
  LinkWorkshopSchema,
  RecordPatchSchema,
  SnapshotSummarySchema,
} from '../../../shared/domain/records.ts';
import {
  FeedbackContactSchema,
  PublicFeedbackSchema,
  PublishResultSchema,
  ResponseInputSchema,
  ResponseSchema,
  ResponsesViewSchema,
} from '../../../shared/protocol/feedback.ts';
import {
  AboutYouSchema,
  AuditEntrySchema,
  ErasableParticipantSchema,
  ErasureResultSchema,
  ReachReportSchema,
  ReferenceProfileSchema,
  ReferenceRowSchema,
} from '../../../shared/protocol/reach.ts';
import { CalendarQuerySchema, CalendarSchema } from './calendar.ts';
import { RecordExportSchema } from './exports.ts';
import { RecordQuerySchema } from './routes.ts';

/**
 * The OpenAPI 3.1 document of the records API (REC15), served at GET /api/openapi.json. Request
 * and response schemas are generated from the same zod schemas the server validates with, so
 * the document cannot drift from what the server accepts.
 */

type JsonSchema = Record<string, unknown>;
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Access = 'facilitator' | 'public' | 'participant';

/** A schema with the name it has under components.schemas. */
type Named = { name: string; schema: z.ZodType };
const named = (name: string, schema: z.ZodType): Named => ({ name, schema });

type Operation = {
  method: Method;
  path: string;
  summary: string;
  description?: string;
  tag: string;
  access: Access;
  /** Path parameters, by name: what each one is. */
  params?: Record<string, { description: string; schema?: JsonSchema }>;
  query?: z.ZodObject;
  body?: Named;
  response:
    | { status: number; description: string; json: Named }
    | { status: number; description: string; media: string; schema?: JsonSchema }
    | { status: 204; description: string };
};

const uuidParam = (description: string) => ({
  description,
  schema: { type: 'string', format: 'uuid' },
});

// ------------------------------------------------------------------ schemas not in shared/ yet

/** Query of GET /api/records/:id/workshops/:workshopId/snapshots/:version. */
const SnapshotViewQuerySchema = z.object({
  view: z.enum(['public', 'audit']).default('public'),
});

/** GET /api/reference-profile: what the server stores (PUT takes ReferenceProfileSchema). */
const SavedReferenceProfileSchema = z.object({ rows: z.array(ReferenceRowSchema) });

// ------------------------------------------------------------------ the operations

const recordId = { id: uuidParam('The record') };
const recordAndWorkshop = { ...recordId, workshopId: uuidParam('One of its workshops') };
const Record = named('EngagementRecord', EngagementRecordSchema);

const operations: Operation[] = [
  // The lead's records API (server/features/records/routes.ts).
  {
    method: 'get',
    path: '/api/records',
    tag: 'Records',
    access: 'facilitator',
    summary: 'List and search records',
    description:
      'With `q`, a full-text search across records and every outcome snapshot of their workshops, best match first, each with an excerpt of where it matched (`match`).',
    query: RecordQuerySchema,
    response: {
      status: 200,
      description: 'Matching records (at most 500)',
      json: named(
        'RecordList',
        z.object({
          records: z.array(EngagementRecordSchema.extend({ match: z.string().nullable() })),
        }),
      ),
    },
  },
  {
    method: 'post',
    path: '/api/records',
    tag: 'Records',
    access: 'facilitator',
    summary: 'Create a record',
    body: named('CreateRecord', CreateRecordSchema),
    response: { status: 201, description: 'The new record', json: Record },
  },
  {
    method: 'get',
    path: '/api/records/{id}',
    tag: 'Records',
    access: 'facilitator',
    summary: 'One record with its workshops',
    params: recordId,
    response: { status: 200, description: 'The record', json: Record },
  },
  {
    method: 'patch',
    path: '/api/records/{id}',
    tag: 'Records',
    access: 'facilitator',
    summary: 'Edit a record',
    params: recordId,
    body: named('RecordPatch', RecordPatchSchema),
    response: { status: 200, description: 'The record as saved', json: Record },
  },
  {
    method: 'put',
    path: '/api/records/{id}/workshops/{workshopId}',
    tag: 'Records',
    access: 'facilitator',
    summary:
      'Add a workshop to the record; one in another record moves only with `move: true`, else 409',
    params: recordAndWorkshop,
    body: named('LinkWorkshop', LinkWorkshopSchema),
    response: { status: 200, description: 'The record', json: Record },
  },
  {
    method: 'delete',
    path: '/api/records/{id}/workshops/{workshopId}',
    tag: 'Records',
    access: 'facilitator',
    summary: 'Remove a workshop from the record',
    params: recordAndWorkshop,
    response: { status: 200, description: 'The record', json: Record },
  },
  {
    method: 'get',
    path: '/api/records/{id}/workshops/{workshopId}/snapshots',
    tag: 'Outcomes',
    access: 'facilitator',
    summary: "A workshop's saved outcome versions",
    params: recordAndWorkshop,
    response: {
      status: 200,
      description: 'Oldest first',
      json: named('SnapshotList', z.object({ snapshots: z.array(SnapshotSummarySchema) })),
    },
  },
  {
    method: 'post',
    path: '/api/records/{id}/workshops/{workshopId}/snapshots',
    tag: 'Outcomes',
    access: 'facilitator',
    summary: "Save the workshop's outcome now (mid-way)",
    params: recordAndWorkshop,
    response: {
      status: 201,
      description: 'The new version',
      json: named('SavedSnapshot', SnapshotSummarySchema.extend({ recordId: z.uuid() })),
    },
  },
  {
    method: 'get',
    path: '/api/records/{id}/workshops/{workshopId}/snapshots/{version}',
    tag: 'Outcomes',
    access: 'facilitator',
    summary: 'One outcome snapshot',
    description:
      'The public view (default) leaves out hidden notes, hidden commitments and moderation reasons; `view=audit` keeps them.',
    params: {
      ...recordAndWorkshop,
      version: {
        description: 'A version number, or `latest`',
        schema: { anyOf: [{ type: 'integer', minimum: 1 }, { const: 'latest' }] },
      },
    },
    query: SnapshotViewQuerySchema,
    response: {
      status: 200,
      description: 'The snapshot',
      json: named('Snapshot', SnapshotSummarySchema.extend({ outcome: OutcomeSchema })),
    },
  },

  // Exports, calendar and this document (server/features/records/exportRoutes.ts).
  {
    method: 'get',
    path: '/api/records/{id}/export.csv',
    tag: 'Exports',
    access: 'facilitator',
    summary: "The record's outcomes as one CSV",
    description:
      'One row per outcome item (`item_type`: participation, theme, note, vote, vote_option, vote_option_group, commitment, tablecloth, insight, timeline) from the public view of the latest snapshot of each workshop. UTF-8 with a byte order mark, RFC 4180; text cells starting with =, +, -, @, tab or CR begin with an apostrophe.',
    params: recordId,
    response: { status: 200, description: 'CSV', media: 'text/csv', schema: { type: 'string' } },
  },
  {
    method: 'get',
    path: '/api/records/{id}/export.json',
    tag: 'Exports',
    access: 'facilitator',
    summary: 'The record and the latest public outcome of each workshop (docs/records-json.md)',
    params: recordId,
    response: {
      status: 200,
      description: 'The export',
      json: named('RecordExport', RecordExportSchema),
    },
  },
  {
    method: 'get',
    path: '/api/records/{id}/open-data.zip',
    tag: 'Exports',
    access: 'facilitator',
    summary: 'Open-data bundle: a zip of CSVs with a README (Open Government Licence v3.0)',
    description:
      'README.txt, records.csv, workshops.csv, notes.csv (public notes only), themes.csv, vote_results.csv (with by-group columns), commitments.csv, cafe_tablecloths.csv, cafe_insights.csv, participation.csv.',
    params: recordId,
    response: {
      status: 200,
      description: 'A zip archive',
      media: 'application/zip',
      schema: { type: 'string', contentMediaType: 'application/zip' },
    },
  },
  {
    method: 'get',
    path: '/api/calendar',
    tag: 'Calendar',
    access: 'public',
    summary: 'Engagement activities, planned and past (public fields only)',
    description: 'Records with a start date, earliest first. Filters combine.',
    query: CalendarQuerySchema,
    response: { status: 200, description: 'The calendar', json: named('Calendar', CalendarSchema) },
  },
  {
    method: 'get',
    path: '/api/public/calendar.ics',
    tag: 'Calendar',
    access: 'public',
    summary: 'The calendar as an iCalendar feed to subscribe to (RFC 5545)',
    description:
      'One all-day VEVENT per dated record: title, dates, location, service, level, summary and the public feedback link. Takes the same filters as /api/calendar.',
    query: CalendarQuerySchema,
    response: {
      status: 200,
      description: 'iCalendar',
      media: 'text/calendar',
      schema: { type: 'string' },
    },
  },
  {
    method: 'get',
    path: '/api/openapi.json',
    tag: 'Calendar',
    access: 'public',
    summary: 'This document',
    response: {
      status: 200,
      description: 'OpenAPI 3.1',
      media: 'application/json',
      schema: { type: 'object' },
    },
  },

  // "You said, we did" (server/features/feedback/routes.ts).
  {
    method: 'get',
    path: '/api/records/{id}/responses',
    tag: 'Feedback',
    access: 'facilitator',
    summary: 'Outcome items and what the council decided about each',
    params: recordId,
    response: {
      status: 200,
      description: 'Items, responses, and contacts as counts only',
      json: named('ResponsesView', ResponsesViewSchema),
    },
  },
  {
    method: 'put',
    path: '/api/records/{id}/responses/{itemId}',
    tag: 'Feedback',
    access: 'facilitator',
    summary: 'Record what happened to one outcome item',
    description: 'A decision of `not_adopted` requires an explanation.',
    params: { ...recordId, itemId: uuidParam('A theme, option, insight or commitment id') },
    body: named('ResponseInput', ResponseInputSchema),
    response: { status: 200, description: 'The response', json: named('Response', ResponseSchema) },
  },
  {
    method: 'post',
    path: '/api/records/{id}/feedback/publish',
    tag: 'Feedback',
    access: 'facilitator',
    summary: 'Publish the feedback and send it to people who asked to be told',
    params: recordId,
    response: {
      status: 200,
      description: 'When it was published and how many messages were queued',
      json: named('PublishResult', PublishResultSchema),
    },
  },
  {
    method: 'get',
    path: '/api/public/feedback/{publicId}',
    tag: 'Feedback',
    access: 'public',
    summary: 'The public "You said, we did" page of a record',
    params: { publicId: { description: "The record's public id" } },
    response: {
      status: 200,
      description: 'Nothing personal: no names, emails or hidden notes',
      json: named('PublicFeedback', PublicFeedbackSchema),
    },
  },
  {
    method: 'get',
    path: '/api/public/feedback/{publicId}/qr.svg',
    tag: 'Feedback',
    access: 'public',
    summary: 'A QR code of the public page',
    params: { publicId: { description: "The record's public id" } },
    response: {
      status: 200,
      description: 'SVG',
      media: 'image/svg+xml',
      schema: { type: 'string' },
    },
  },
  {
    method: 'post',
    path: '/api/participant/feedback-contact',
    tag: 'Feedback',
    access: 'participant',
    summary: 'Leave an email address to be told what happened (with consent)',
    body: named('FeedbackContact', FeedbackContactSchema),
    response: { status: 204, description: 'Stored apart from contributions' },
  },

  // Reach monitoring and data protection (server/features/reach/routes.ts, REC12-REC14).
  {
    method: 'post',
    path: '/api/participant/about-you',
    tag: 'Reach',
    access: 'participant',
    summary: 'The optional "about you" answers (each question may be skipped)',
    description: 'Stored apart from contributions, with no participant id; never shown one by one.',
    body: named('AboutYou', AboutYouSchema),
    response: { status: 204, description: 'Stored' },
  },
  {
    method: 'get',
    path: '/api/records/{id}/reach',
    tag: 'Reach',
    access: 'facilitator',
    summary: 'Who took part across the record, against the borough profile',
    description:
      'Counts below 5 are "fewer than 5", and counts that would let one be worked out are hidden.',
    params: recordId,
    response: { status: 200, description: 'Reach', json: named('ReachReport', ReachReportSchema) },
  },
  {
    method: 'get',
    path: '/api/workshops/{id}/reach',
    tag: 'Reach',
    access: 'facilitator',
    summary: 'Who took part in one workshop, against the borough profile',
    params: { id: uuidParam('The workshop') },
    response: { status: 200, description: 'Reach', json: named('ReachReport', ReachReportSchema) },
  },
  {
    method: 'get',
    path: '/api/reference-profile',
    tag: 'Reach',
    access: 'facilitator',
    summary: "The borough's reference profile (seeded from the census)",
    response: {
      status: 200,
      description: 'Shares by question and answer',
      json: named('ReferenceProfile', SavedReferenceProfileSchema),
    },
  },
  {
    method: 'put',
    path: '/api/reference-profile',
    tag: 'Reach',
    access: 'facilitator',
    summary: "Replace the borough's reference profile",
    body: named('ReferenceProfileInput', ReferenceProfileSchema),
    response: {
      status: 200,
      description: 'The profile as saved',
      json: named('ReferenceProfile', SavedReferenceProfileSchema),
    },
  },
  {
    method: 'get',
    path: '/api/workshops/{id}/contributors',
    tag: 'Data protection',
    access: 'facilitator',
    summary: "A workshop's participants and what each contributed, to pick one for erasure",
    params: { id: uuidParam('The workshop') },
    response: {
      status: 200,
      description: 'Participants',
      json: named('Contributors', z.array(ErasableParticipantSchema)),
    },
  },
  {
    method: 'delete',
    path: '/api/workshops/{id}/participants/{participantId}/contributions',
    tag: 'Data protection',
    access: 'facilitator',
    summary: "Delete a participant's contributions on request",
    description:
      "The record's counts update, saved snapshots are redacted, and the deletion is logged in the audit log.",
    params: { id: uuidParam('The workshop'), participantId: uuidParam('The participant') },
    response: {
      status: 200,
      description: 'What was deleted',
      json: named('ErasureResult', ErasureResultSchema),
    },
  },
  {
    method: 'get',
    path: '/api/records/{id}/audit',
    tag: 'Data protection',
    access: 'facilitator',
    summary: 'The audit log of facilitator actions on the record',
    params: recordId,
    response: {
      status: 200,
      description: 'The entries',
      json: named('AuditLog', z.array(AuditEntrySchema)),
    },
  },
];

// ------------------------------------------------------------------ building the document

/** zod's JSON Schema is draft 2020-12, which OpenAPI 3.1 uses as is; ids are ours to give. */
function components(schemas: Named[], io: 'input' | 'output'): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  const seen = new Map<string, z.ZodType>();
  for (const s of schemas) {
    const before = seen.get(s.name);
    if (before === s.schema) continue;
    if (before) throw new Error(`Two different schemas named ${s.name}`);
    seen.set(s.name, s.schema);
    registry.add(s.schema, { id: s.name });
  }
  const out = z.toJSONSchema(registry, {
    io,
    target: 'draft-2020-12',
    // Refinements (a date that exists, an end after the start) are checked by the server and
    // cannot be said in JSON Schema; their base types still are.
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
  });
  const result: Record<string, JsonSchema> = {};
  for (const [name, schema] of Object.entries(out.schemas)) {
    const { $schema: _s, $id: _i, ...rest } = schema as JsonSchema;
    result[name] = rest;
  }
  return result;
}

const ref = (n: Named) => ({ $ref: `#/components/schemas/${n.name}` });

function queryParameters(query: z.ZodObject) {
  const json = z.toJSONSchema(query, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, schema]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    schema,
  }));
}

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

function operationObject(op: Operation) {
  const pathNames = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const parameters = [
    ...pathNames.map((name) => ({
      name,
      in: 'path',
      required: true,
      description: op.params?.[name]?.description,
      schema: op.params?.[name]?.schema ?? { type: 'string' },
    })),
    ...(op.query ? queryParameters(op.query) : []),
  ];
  const r = op.response;
  const ok =
    'json' in r
      ? { description: r.description, content: { 'application/json': { schema: ref(r.json) } } }
      : 'media' in r
        ? { description: r.description, content: { [r.media]: { schema: r.schema ?? {} } } }
        : { description: r.description };
  const responses: Record<string, unknown> = { [String(r.status)]: ok };
  if (op.body || op.query) responses['400'] = errorResponse('Some fields need attention');
  if (op.access !== 'public') responses['401'] = errorResponse('Not signed in');
  if (pathNames.length) responses['404'] = errorResponse('Not found');
  return {
    operationId: `${op.method}${op.path
      .replace(/^\/api/, '')
      .replace(/\{(\w+)\}/g, 'By_$1')
      .split(/[^A-Za-z0-9_]+/)
      .filter(Boolean)
      .map((s) => s[0]!.toUpperCase() + s.slice(1))
      .join('')}`,
    tags: [op.tag],
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    security:
      op.access === 'facilitator'
        ? [{ facilitatorSession: [] }]
        : op.access === 'participant'
          ? [{ participantToken: [] }]
          : [],
    ...(parameters.length ? { parameters } : {}),
    ...(op.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: ref(op.body) } },
          },
        }
      : {}),
    responses,
  };
}

/** The document. Built once: it depends on nothing but the code. */
export function buildOpenApi(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    (paths[op.path] ??= {})[op.method] = operationObject(op);
  }
  const inputs = operations.flatMap((op) => (op.body ? [op.body] : []));
  const outputs = [
    named('Error', z.object({ error: ErrorBodySchema })),
    // Named so that the snapshot and the export refer to one definition.
    named('Outcome', OutcomeSchema),
    named('SnapshotSummary', SnapshotSummarySchema),
    ...operations.flatMap((op) => ('json' in op.response ? [op.response.json] : [])),
  ];
  const schemas = { ...components(outputs, 'output') };
  for (const [name, schema] of Object.entries(components(inputs, 'input'))) {
    if (name in schemas) throw new Error(`${name} is both a request and a response schema`);
    schemas[name] = schema;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Roundtable engagement records API',
      version: '1',
      description:
        'Engagement records, their workshop outcomes, "You said, we did", reach and the calendar. Facilitator endpoints need the session cookie from POST /api/auth/login; requests that change something must be JSON.',
      license: { name: 'Open Government Licence v3.0 (data)', identifier: 'OGL-UK-3.0' },
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    tags: [
      'Records',
      'Outcomes',
      'Exports',
      'Calendar',
      'Feedback',
      'Reach',
      'Data protection',
    ].map((name) => ({ name })),
    paths,
    components: {
      schemas,
      securitySchemes: {
        facilitatorSession: { type: 'apiKey', in: 'cookie', name: 'rt_session' },
        participantToken: {
          type: 'http',
          scheme: 'bearer',
          description: "The participant's device token from joining",
        },
      },
    },
  };
}

let cached: Record<string, unknown> | undefined;
export function openApiDocument() {
  cached ??= buildOpenApi();
  return cached;
}
