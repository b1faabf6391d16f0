import { z } from 'zod';
import { OutcomeSchema, SnapshotSummarySchema } from '../../../shared/domain/records.ts';
import { ErrorBodySchema } from '../../../shared/protocol/ack.ts';
import { allRoutes } from '../../../shared/http/routes.ts';
import type { RouteDef } from '../../../shared/http/route.ts';

/**
 * The OpenAPI 3.1 document of the whole REST API (REC15), served at GET /api/openapi.json. It is
 * generated from the route table in shared/http, the same definitions the server mounts and
 * validates with and the client calls through, so it cannot drift from what the server does.
 */

type JsonSchema = Record<string, unknown>;

/** A schema with the name it has under components.schemas. */
type Named = { name: string; schema: z.core.$ZodType };
const named = (name: string, schema: z.core.$ZodType): Named => ({ name, schema });

// ------------------------------------------------------------------ building the document

/** zod's JSON Schema is draft 2020-12, which OpenAPI 3.1 uses as is; ids are ours to give. */
function components(schemas: Named[], io: 'input' | 'output'): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  const seen = new Map<string, z.core.$ZodType>();
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

function queryParameters(query: z.core.$ZodObject) {
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

const openApiPath = (path: string) => `/api${path.replace(/:(\w+)/g, '{$1}')}`;
const replyNamed = (op: RouteDef): Named | undefined =>
  'json' in op.reply ? { name: op.reply.name, schema: op.reply.json } : undefined;

function operationObject(name: string, op: RouteDef) {
  const pathNames = [...op.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  const parameters = [
    ...pathNames.map((p) => {
      const param = op.params?.[p];
      return {
        name: p,
        in: 'path',
        required: true,
        ...(param ? { description: param.description } : {}),
        schema: param
          ? z.toJSONSchema(param.schema, { io: 'input', unrepresentable: 'any' })
          : { type: 'string' },
      };
    }),
    ...(op.query ? queryParameters(op.query) : []),
  ].map(({ schema, ...rest }) => {
    const { $schema: _s, ...clean } = schema as JsonSchema;
    return { ...rest, schema: clean };
  });
  const r = op.reply;
  const named = replyNamed(op);
  const ok = named
    ? { description: r.description, content: { 'application/json': { schema: ref(named) } } }
    : 'media' in r
      ? {
          description: r.description,
          content: { [r.media]: { schema: { type: 'string', contentMediaType: r.media } } },
        }
      : { description: r.description };
  const responses: Record<string, unknown> = { [String(r.status)]: ok };
  if (op.body || op.query) responses['400'] = errorResponse('Some fields need attention');
  if (op.access !== 'public') responses['401'] = errorResponse('Not signed in');
  if (op.access === 'owner') responses['403'] = errorResponse('Signed in, but not an owner');
  if (pathNames.length) responses['404'] = errorResponse('Not found');
  return {
    operationId: name,
    tags: [op.tag],
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    security:
      op.access === 'facilitator' || op.access === 'owner'
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
export function buildOpenApi() {
  const routes = allRoutes();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { name, def } of routes) {
    (paths[openApiPath(def.path)] ??= {})[def.method.toLowerCase()] = operationObject(name, def);
  }
  const inputs = routes.flatMap(({ def }) => (def.body ? [def.body] : []));
  const outputs = [
    named('Error', z.object({ error: ErrorBodySchema })),
    // Named so that the snapshot and the export refer to one definition.
    named('Outcome', OutcomeSchema),
    named('SnapshotSummary', SnapshotSummarySchema),
    ...routes.flatMap(({ def }) => replyNamed(def) ?? []),
  ];
  const schemas = { ...components(outputs, 'output') };
  for (const [name, schema] of Object.entries(components(inputs, 'input'))) {
    if (name in schemas) throw new Error(`${name} is both a request and a response schema`);
    schemas[name] = schema;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Roundtable API',
      version: '1',
      description:
        'Accounts, workshop planning, joining, engagement records, their workshop outcomes, "You said, we did", reach and the calendar. Live work (the board, votes, the café) goes over Socket.IO. Facilitator endpoints need the session cookie from POST /api/auth/login; requests that change something must be JSON.',
      license: { name: 'Open Government Licence v3.0 (data)', identifier: 'OGL-UK-3.0' },
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    tags: [...new Set(routes.map(({ def }) => def.tag))].map((name) => ({ name })),
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

let cached: ReturnType<typeof buildOpenApi> | undefined;
export function openApiDocument() {
  cached ??= buildOpenApi();
  return cached;
}
