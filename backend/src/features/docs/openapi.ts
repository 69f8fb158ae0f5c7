// The OpenAPI 3.1 document of the API, derived from the route table (http/route.ts): every
// declared route becomes one operation, with its summary, who may call it, and its request schemas
// (zod v4's z.toJSONSchema, input side) and answer schema. Nothing here is kept by hand.
//
// LEGACY_OPERATIONS (below) documents the routers not yet declared as tables, from the policy table.
import { z } from 'zod';
import { POLICY, type PolicyRule } from '../auth/policy.js';
import type { Access, Method, Route } from '../../http/route.js';
import * as assistant from '../assistant/schemas.js';
import * as catalogs from '../catalogs/schemas.js';
import * as computations from '../computations/schemas.js';
import * as config from '../config/schemas.js';
import * as controls from '../controls/schemas.js';
import * as grafana from '../grafana/schemas.js';
import { sqlSpecSchema } from '../grafana/sql-builder.js';
import { sqlParseBody } from '../grafana/sql-parser.js';
import * as points from '../points/schemas.js';
import * as registry from '../registry/schemas.js';
import * as scopes from '../scopes/schemas.js';
import * as scripts from '../scripts/schemas.js';
import * as secrets from '../secrets/schemas.js';
import * as users from '../users/schemas.js';

export interface OperationDoc {
  summary?: string;
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  /** Media type of the body (default application/json). */
  contentType?: string;
  /** Status of the success answer (default 200). */
  status?: number;
}

type Key = `${Method} ${string}`;

/** Summaries and request schemas by `METHOD /path` (the policy table's spelling). */
export const LEGACY_OPERATIONS: Partial<Record<Key, OperationDoc>> = {
  'POST /users/signIn': {
    summary: 'Sign in (sets the accessToken and refreshToken cookies, and nodeRedToken on /node-red)',
    body: users.signInSchema,
  },
  'POST /users/signOut': { summary: 'Sign out (revokes the refresh token, clears the cookies)' },
  'GET /users/signOut': { summary: 'Sign out (GET alias)' },
  'POST /users/signUp': { summary: 'Create a user (ADMIN)', body: users.signUpSchema, status: 201 },
  'GET /users/auth': { summary: 'Whether the caller is signed in' },
  'GET /users/auth/refresh': { summary: 'Rotate the refresh token and issue a new access token' },
  'GET /users/auth/providers': {
    summary:
      'Sign-in methods besides the password: { github: boolean } (whether GitHub sign-in is configured)',
  },
  'GET /auth/verify': {
    summary:
      "Whom the caller's session (accessToken cookie, x-access-token or Authorization: Bearer) belongs to: { username, email, role } and headers X-Status-User, X-Status-Email, X-Status-Role, X-Grafana-Role (Admin, Editor, Viewer); 401 { message } when absent, expired, forged or signed out. No database: the reverse proxy asks it for every Grafana request",
  },
  'GET /users/whoami': { summary: 'The signed-in user' },
  'GET /users': { summary: 'List users (ADMIN)' },
  'PATCH /users/:id': {
    summary:
      "Change a user's role (ADMIN); ends that user's sessions so the new role applies at once; 409 for the last ADMIN",
    params: users.idParams,
    body: users.updateUserBody,
  },
  'DELETE /users/:id': { summary: 'Delete a user (ADMIN)', params: users.idParams },
  'POST /users/2fa/setup': { summary: 'Start TOTP setup (QR code)' },
  'POST /users/2fa/verify': { summary: 'Verify a TOTP code and enable 2FA', body: users.totpBody },
  'GET /users/2fa/status': { summary: 'Whether 2FA is enabled' },
  'POST /users/2fa/disable': { summary: 'Disable 2FA', body: users.disableBody },
  'GET /users/github': {
    summary:
      'Start GitHub sign-in; when not configured: 404 for JSON clients, a redirect to the sign-in page with the reason for browsers',
  },
  'GET /users/github/callback': { summary: 'GitHub OAuth callback' },
  'GET /health': { summary: 'PostgreSQL and Redis status' },
  'GET /health/platform': {
    summary:
      'Every platform service as the backend sees it: { status: ok|degraded, services: [{ name, status: ok|down, detail? }] } for postgres, redis, nodered, grafana, registry (cached 2 s)',
  },
  // grafana
  'GET /grafana/search': { summary: 'Search Grafana dashboards and folders', query: grafana.searchQuery },
  'GET /grafana/folder': { summary: 'List Grafana folders' },
  'POST /grafana/folder': { summary: 'Create a Grafana folder', body: grafana.folderBody },
  'GET /grafana/folder/:uid': { summary: 'A Grafana folder', params: grafana.uidParams },
  'DELETE /grafana/folder/:uid': { summary: 'Delete a Grafana folder', params: grafana.uidParams },
  'GET /grafana/folder/:uid/dashboard': {
    summary: 'Dashboards of a folder (`{uid}` literally: the root folder)',
    params: grafana.uidParams,
  },
  'POST /grafana/dashboard': { summary: 'Create or update a dashboard', body: grafana.dashboardBody },
  'POST /grafana/dashboard/import': { summary: 'Import a dashboard', body: grafana.dashboardBody },
  'POST /grafana/dashboard/template': {
    summary: 'Create a dashboard from the template',
    body: grafana.templateBody,
  },
  'GET /grafana/dashboard/:uid': { summary: 'A dashboard', params: grafana.uidParams },
  'DELETE /grafana/dashboard/:uid': { summary: 'Delete a dashboard', params: grafana.uidParams },
  'GET /grafana/dashboard/:uid/panel': { summary: 'Panels of a dashboard', params: grafana.uidParams },
  'POST /grafana/dashboard/:uid/panel': {
    summary: 'Add a panel built from an SQL specification',
    params: grafana.uidParams,
    body: grafana.panelBody,
  },
  'DELETE /grafana/dashboard/:uid/panel/:id': { summary: 'Delete a panel', params: grafana.panelParams },
  'PATCH /grafana/dashboard/:uid/panel/:id': {
    summary: 'Update a panel',
    params: grafana.panelParams,
    body: grafana.panelPatchBody,
  },
  'GET /grafana/dashboard/:uid/panel/query': {
    summary: 'The SQL of every panel of a dashboard',
    params: grafana.uidParams,
  },
  'GET /grafana/dashboard/:uid/panel/:id/query': {
    summary: 'The SQL of a panel',
    params: grafana.panelParams,
  },
  'GET /grafana/datasource': { summary: 'List Grafana datasources' },
  'POST /grafana/datasource': {
    summary: 'Create a Grafana datasource (ADMIN)',
    body: grafana.datasourceBody,
  },
  'POST /grafana/serviceaccount': {
    summary: 'Create a Grafana service account (ADMIN)',
    body: grafana.serviceAccountBody,
  },
  'GET /grafana/serviceaccount/:id': {
    summary: 'A Grafana service account (ADMIN)',
    params: grafana.idParams,
  },
  'POST /grafana/serviceaccount/:id/token': {
    summary: 'Create a service account token (ADMIN)',
    params: grafana.idParams,
    body: grafana.tokenBody,
  },
  // assistant and threads
  'GET /assistant/:id': { summary: 'An assistant', params: assistant.idParams },
  'GET /assistant/:id/instructions': { summary: 'Instructions of an assistant', params: assistant.idParams },
  'POST /assistant': { summary: 'Create an assistant', body: assistant.createBody },
  'POST /assistant/admin': {
    summary: 'Create an assistant with its instructions, model and tools (ADMIN)',
    body: assistant.adminCreateBody,
  },
  'PUT /assistant/:id/instructions': {
    summary: 'Replace the instructions of an assistant',
    params: assistant.idParams,
    body: assistant.instructionsBody,
  },
  'DELETE /assistant/:id': { summary: 'Delete an assistant', params: assistant.idParams },
  'GET /thread/:gptId': { summary: 'Messages of a thread', params: assistant.gptParams },
  'POST /thread': { summary: 'Start a thread with a first message', body: assistant.newThreadBody },
  'POST /thread/:gptId': {
    summary: 'Send a message to a thread',
    params: assistant.gptParams,
    body: assistant.addMessageBody,
  },
  'PUT /thread/:gptId': {
    summary: 'Rename a thread',
    params: assistant.gptParams,
    body: assistant.renameBody,
  },
  'DELETE /thread/:gptId': { summary: 'Delete a thread', params: assistant.gptParams },
  // registry
  'GET /catalogs/:tpaId/points': {
    summary: 'Compute points of an agreement through the registry',
    params: registry.pointsParams,
    query: registry.pointsQuery,
  },
  'POST /grafana/sql/build': {
    summary: 'Build a parameterized SQL query over the allow-listed tables',
    body: sqlSpecSchema,
  },
  'POST /grafana/sql/parse': {
    summary: 'Parse a query the SQL builder produced back into its specification (never executed)',
    body: sqlParseBody,
  },
  // catalogs
  'GET /catalogs': { summary: 'List catalogs', query: catalogs.listQuery },
  'GET /catalogs/drafts': { summary: 'List draft catalogs', query: catalogs.pageQuery },
  'POST /catalogs/drafts': { summary: 'Create a draft catalog', body: catalogs.createDraftBody, status: 201 },
  'PATCH /catalogs/:id/finalize': {
    summary: 'Finalize a draft catalog (assigns a tpaId)',
    params: catalogs.idParams,
  },
  'GET /catalogs/:id': { summary: 'Get a catalog', params: catalogs.idParams },
  'POST /catalogs': { summary: 'Create a catalog', body: catalogs.createBody, status: 201 },
  'PATCH /catalogs/:id': {
    summary: 'Update a catalog',
    params: catalogs.idParams,
    body: catalogs.updateBody,
  },
  'DELETE /catalogs/:id': { summary: 'Delete a catalog', params: catalogs.idParams },
  'GET /catalogs/:catalogId/controls': {
    summary: 'Controls of a catalog',
    params: catalogs.catalogIdParams,
    query: catalogs.pageQuery,
  },
  // controls
  'GET /controls': { summary: 'List controls', query: controls.listQuery },
  'GET /controls/drafts': { summary: 'List draft controls', query: controls.pageQuery },
  'GET /controls/drafts/catalog/:catalogId': {
    summary: 'Draft controls of a catalog',
    params: controls.catalogIdParams,
  },
  'POST /controls/drafts': { summary: 'Create a draft control', body: controls.createDraftBody, status: 201 },
  'PATCH /controls/:id/finalize': { summary: 'Finalize a draft control', params: controls.idParams },
  'GET /controls/:id': { summary: 'Get a control', params: controls.idParams },
  'POST /controls': { summary: 'Create a control', body: controls.createBody, status: 201 },
  'PATCH /controls/:id': {
    summary: 'Update a control',
    params: controls.idParams,
    body: controls.updateBody,
  },
  'DELETE /controls/:id': { summary: 'Delete a control', params: controls.idParams },
  'GET /controls/:id/panels': { summary: 'Grafana panels of a control', params: controls.idParams },
  'POST /controls/:id/panel/:panelId': {
    summary: 'Attach a Grafana panel to a control',
    params: controls.panelParams,
    body: controls.panelBody,
  },
  'DELETE /controls/:id/panels/:panelId': { summary: 'Detach a panel', params: controls.panelParams },
  'GET /controls/:controlId/computations': {
    summary: 'Computations of a control',
    params: controls.controlIdParams,
  },
  'GET /controls/:controlId/computations/:createdAt': {
    summary: 'Computations of a control on one day',
    params: controls.dayParams,
  },
  'DELETE /controls/:controlId/computations': {
    summary: 'Delete the computations of a control',
    params: controls.controlIdParams,
  },
  'GET /controls/controls/:controlId/computations': {
    summary: "Computations of a control (the original's doubled path)",
    params: controls.controlIdParams,
  },
  'GET /controls/controls/:controlId/computations/:createdAt': {
    summary: "Computations of a control on one day (the original's doubled path)",
    params: controls.dayParams,
  },
  'DELETE /controls/controls/:controlId/computations': {
    summary: "Delete the computations of a control (the original's doubled path)",
    params: controls.controlIdParams,
  },
  'GET /nodered/verify': {
    summary:
      "Whom a Node-RED editor token (Authorization: Bearer <nodeRedToken cookie>) belongs to: { username, role }; 401 when invalid, expired or its session ended. Asked by Node-RED's adminAuth.tokens hook",
  },
  'POST /controls/:id/run': { summary: 'Run a control through its Node-RED flow', params: controls.idParams },
  // computations
  'GET /computations': { summary: 'List computations', query: computations.listQuery },
  'POST /computations': { summary: "Start a computation (the metric's Node-RED flow)" },
  'DELETE /computations': { summary: 'Delete all computations (ADMIN)' },
  'POST /computations/bulk': {
    summary: 'Store computation results (Node-RED callback)',
    body: computations.bulkBody,
    status: 201,
  },
  'GET /computations/:id': {
    summary: 'Poll a computation group ("not ready" until complete)',
    params: computations.groupParams,
  },
  // points
  'GET /points': { summary: 'List points', query: points.listQuery },
  'POST /points': { summary: 'Store points (de-duplicated)', body: points.createBody, status: 201 },
  'DELETE /points': { summary: 'Delete all points (ADMIN)' },
  'GET /points/catalog/:tpaId': { summary: 'Points of an agreement', params: points.tpaParams },
  'GET /points/:id': { summary: 'Get a point', params: points.idParams },
  'DELETE /points/:id': { summary: 'Delete a point', params: points.idParams },
  // scopes
  'GET /scopes': { summary: 'List scopes', query: scopes.pageQuery },
  'POST /scopes': { summary: 'Create a scope', body: scopes.createScopeBody, status: 201 },
  'GET /scopes/:id': { summary: 'Get a scope', params: scopes.scopeIdParams },
  'PUT /scopes/:id': {
    summary: 'Update a scope',
    params: scopes.scopeIdParams,
    body: scopes.updateScopeBody,
  },
  'DELETE /scopes/:id': { summary: 'Delete a scope', params: scopes.scopeIdParams },
  'GET /scopes/sets': { summary: 'List scope sets', query: scopes.setsQuery },
  'POST /scopes/sets': { summary: 'Create a scope set', body: scopes.createSetBody, status: 201 },
  'GET /scopes/sets/control/:controlId': {
    summary: 'Scope sets of a control',
    params: scopes.controlIdParams,
  },
  'GET /scopes/sets/:id': { summary: 'Get a scope set', params: scopes.setIdParams },
  'PUT /scopes/sets/:id': {
    summary: 'Update a scope set',
    params: scopes.setIdParams,
    body: scopes.updateSetBody,
  },
  'DELETE /scopes/sets/:id': { summary: 'Delete a scope set', params: scopes.setIdParams },
  // scripts
  'POST /scripts': { summary: 'Store a script', body: scripts.createBody, status: 201 },
  'GET /scripts': { summary: 'List scripts' },
  'DELETE /scripts': { summary: 'Delete all scripts (ADMIN)' },
  'POST /scripts/parse': {
    summary: 'Check that a script parses',
    body: scripts.parseBody,
    contentType: 'text/plain',
  },
  'GET /scripts/:id': { summary: 'Get a script (public: Node-RED fetches it)', params: scripts.idParams },
  'PUT /scripts/:id': { summary: 'Update a script', params: scripts.idParams, body: scripts.updateBody },
  'DELETE /scripts/:id': { summary: 'Delete a script', params: scripts.idParams },
  // config
  'GET /config': { summary: 'Feature flags' },
  'POST /config': { summary: 'Look up one feature flag', body: config.lookupBody },
  'PUT /config': { summary: 'Set feature flags (ADMIN)', body: config.updateBody },
  'GET /config/assistant/limit': { summary: 'Assistant limit' },
  'PUT /config/assistant/limit/:limit': {
    summary: 'Set the assistant limit (ADMIN)',
    params: config.limitParams,
  },
  // secrets
  'GET /secrets': { summary: "The caller's secrets (values never returned)", query: secrets.listQuery },
  'POST /secrets': { summary: 'Store a secret (AES-256-GCM)', body: secrets.createBody, status: 201 },
  'GET /secrets/:id': { summary: 'Get a secret', params: secrets.idParams },
  'PATCH /secrets/:id': { summary: 'Update a secret', params: secrets.idParams, body: secrets.updateBody },
  'DELETE /secrets/:id': { summary: 'Delete a secret', params: secrets.idParams },
};

type JsonSchema = Record<string, unknown>;

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
  try {
    const out = z.toJSONSchema(s, {
      io: 'input',
      unrepresentable: 'any',
      target: 'draft-2020-12',
    }) as JsonSchema;
    delete out.$schema;
    return out;
  } catch {
    return {};
  }
}

/** The output side of an answer's schema as JSON Schema. */
export function outputSchemaOf(schema: z.ZodType): JsonSchema {
  try {
    const out = z.toJSONSchema(schema, {
      io: 'output',
      unrepresentable: 'any',
      target: 'draft-2020-12',
    }) as JsonSchema;
    delete out.$schema;
    return out;
  } catch {
    return {};
  }
}

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

function legacyRoute(rule: PolicyRule): DocumentedRoute {
  const doc = LEGACY_OPERATIONS[`${rule.method} ${rule.path}`] ?? {};
  return { ...doc, method: rule.method, path: rule.path, access: rule.access, summary: doc.summary ?? '' };
}

function operation(doc: DocumentedRoute): JsonSchema {
  const rule = doc;
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
  routes?: readonly DocumentedRoute[];
  /** Rows of the legacy policy table documented too (those without a declared route). */
  policy?: readonly PolicyRule[];
}

export function buildOpenApi(options: OpenApiOptions = {}): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  const declared = new Set((options.routes ?? []).map((r) => `${r.method} ${r.path}`));
  const legacy = (options.policy ?? POLICY).filter(
    (rule) => !declared.has(`${rule.method} ${rule.path}`) && !rule.path.startsWith('/docs'),
  );
  for (const r of [...(options.routes ?? []), ...legacy.map(legacyRoute)]) {
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
