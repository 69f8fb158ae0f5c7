// The OpenAPI 3.1 document of the API, derived from the route table (http/route.ts): every
// declared route becomes one operation, with its summary, who may call it, and its request schemas
// (zod v4's z.toJSONSchema, input side) and answer schema. Nothing here is kept by hand.
import { z } from 'zod';
import type { Access, Route } from '../../http/route.js';

type JsonSchema = Record<string, unknown>;

/** One side of a schema as JSON Schema ({} when zod cannot represent it). */
function toJsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  try {
    const out = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
    delete out.$schema;
    return out;
  } catch {
    return {};
  }
}

/** The input side of a schema as JSON Schema; `z.preprocess(fn, S)` documents S. */
export function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  let s: z.ZodType = schema;
  // z.preprocess is a pipe from a transform: its input is "anything", the useful part is the output.
  const def = (s as unknown as { _zod: { def: { type: string; in?: z.ZodType; out?: z.ZodType } } })._zod.def;
  if (
    def.type === 'pipe' &&
    def.in &&
    def.out &&
    (def.in as unknown as { _zod: { def: { type: string } } })._zod.def.type === 'transform'
  )
    s = def.out;
  return toJsonSchema(s, 'input');
}

/** The output side of an answer's schema as JSON Schema. */
export const outputSchemaOf = (schema: z.ZodType): JsonSchema => toJsonSchema(schema, 'output');

/** `/users/:id` → `/users/{id}`; a trailing `/*` → `/{path}`. */
export function openApiPath(pattern: string): string {
  return pattern
    .replace(/\/\*$/, '/{path}')
    .replace(/\/\*([A-Za-z0-9_]+)$/, '/{$1}')
    .replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function pathParamNames(pattern: string): string[] {
  const names = [...pattern.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);
  if (pattern.endsWith('/*')) names.push('path');
  const tail = /\/\*([A-Za-z0-9_]+)$/.exec(pattern);
  if (tail) names.push(tail[1]!);
  return names;
}

function parametersOf(where: 'query' | 'path', schema: z.ZodType | undefined, names: string[] = []) {
  const js = schema ? jsonSchemaOf(schema) : {};
  const props = (js.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((js.required ?? []) as string[]);
  const all = where === 'path' ? [...new Set([...names, ...Object.keys(props)])] : Object.keys(props);
  return all.map((name) => ({
    name,
    in: where,
    required: where === 'path' ? true : required.has(name),
    schema: props[name] ?? { type: 'string' },
  }));
}

const SECURED = [{ cookieAuth: [] }, { bearerAuth: [] }, { accessTokenHeader: [] }];

function accessText(access: Access): string {
  if (access === 'public') return 'Public: no token needed.';
  if (access === 'authenticated') return 'Any signed-in user (roles ADMIN, DEVELOPER, USER).';
  return `Roles: ${access.join(', ')}.`;
}

/** What the document needs of a route (a declared route, or a legacy policy row). */
export type DocumentedRoute = Pick<
  Route,
  'method' | 'path' | 'access' | 'summary' | 'params' | 'query' | 'body' | 'response' | 'status'
> &
  Pick<Route, 'contentType' | 'produces'>;

function operation(rule: DocumentedRoute): JsonSchema {
  const doc = rule;
  const tag = rule.path.split('/').filter(Boolean)[0] ?? 'server';
  const ok = String(doc.status ?? 200);
  const responses: Record<string, JsonSchema> =
    ok === '204'
      ? { '204': { description: 'Success (no content)' } }
      : {
          [ok]: {
            description: 'Success',
            content: {
              [doc.produces ?? 'application/json']: {
                schema: doc.response ? outputSchemaOf(doc.response) : {},
              },
            },
          },
        };
  const parameters = [
    ...parametersOf('path', doc.params, pathParamNames(rule.path)),
    ...parametersOf('query', doc.query),
  ];
  if (doc.body || doc.query || doc.params) responses['400'] = { $ref: '#/components/responses/BadRequest' };
  if (rule.access !== 'public') responses['401'] = { $ref: '#/components/responses/Unauthorized' };
  if (Array.isArray(rule.access)) responses['403'] = { $ref: '#/components/responses/Forbidden' };
  const op: JsonSchema = {
    tags: [tag],
    operationId: `${rule.method.toLowerCase()}${openApiPath(rule.path)
      .split(/[/{}*-]+/)
      .filter(Boolean)
      .map((w) => w[0]!.toUpperCase() + w.slice(1))
      .join('')}`,
    summary: doc.summary || `${rule.method} ${rule.path}`,
    description: accessText(rule.access),
    security: rule.access === 'public' ? [] : SECURED,
    'x-access': rule.access === 'public' || rule.access === 'authenticated' ? rule.access : 'roles',
    'x-roles':
      rule.access === 'public'
        ? []
        : rule.access === 'authenticated'
          ? ['ADMIN', 'DEVELOPER', 'USER']
          : [...rule.access],
    responses,
  };
  if (parameters.length > 0) op.parameters = parameters;
  if (doc.body)
    op.requestBody = {
      required: true,
      content: { [doc.contentType ?? 'application/json']: { schema: jsonSchemaOf(doc.body) } },
    };
  return op;
}

export interface OpenApiOptions {
  /** The API prefix, used as the server URL (default `/api/v1`). */
  prefix?: string;
  version?: string;
  /** The declared routes (routes.ts). */
  routes: readonly DocumentedRoute[];
}

export function buildOpenApi(options: OpenApiOptions): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const r of options.routes) {
    const p = openApiPath(r.path);
    (paths[p] ??= {})[r.method.toLowerCase()] = operation(r);
  }
  const error = {
    type: 'object',
    required: ['message'],
    properties: {
      message: { type: 'string' },
      errors: {
        type: 'array',
        items: {
          type: 'object',
          required: ['path', 'message'],
          properties: { path: { type: 'string' }, message: { type: 'string' } },
        },
      },
    },
  };
  const errorResponse = (description: string) => ({
    description,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  });
  return {
    openapi: '3.1.0',
    info: {
      title: 'STATUS API',
      version: options.version ?? '0.1.0',
      description:
        'The STATUS backend. Tokens are accepted from the accessToken cookie, the x-access-token header ' +
        'or Authorization: Bearer. x-roles lists the roles allowed to call each operation.',
    },
    servers: [{ url: options.prefix ?? '/api/v1' }],
    paths,
    components: {
      securitySchemes: {
        cookieAuth: { type: 'apiKey', in: 'cookie', name: 'accessToken' },
        bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        accessTokenHeader: { type: 'apiKey', in: 'header', name: 'x-access-token' },
      },
      schemas: { Error: error },
      responses: {
        BadRequest: errorResponse('Invalid input: errors names each field'),
        Unauthorized: errorResponse('No valid access token'),
        Forbidden: errorResponse('The caller lacks the role'),
      },
    },
  };
}
