// The OpenAPI document and the docs page, on the real app: shape, coverage of the route table,
// schemas taken from the routes' zod schemas, public access, and the page's CSP.
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers.js';
import { offlineRouteTable } from '../../../test/route-table.js';
import { buildOpenApi, jsonSchemaOf, openApiPath } from './openapi.js';
import { DOCS_SCRIPT } from './page.js';
import { DOCS_CSP } from './routes.js';

const ROUTES = offlineRouteTable();
const OPERATIONS = Object.fromEntries(ROUTES.map((r) => [`${r.method} ${r.path}`, r]));

type Doc = {
  openapi: string;
  info: { title: string; version: string };
  servers: { url: string }[];
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components: { securitySchemes: Record<string, unknown> };
};
type Schema = { type?: string; required?: string[]; properties?: Record<string, unknown> };

describe('buildOpenApi (no server)', () => {
  const doc = buildOpenApi({ routes: ROUTES }) as unknown as Doc;

  it('has one operation per route, and no operation outside the route table', () => {
    for (const rule of ROUTES) {
      const op = doc.paths[openApiPath(rule.path)]?.[rule.method.toLowerCase()];
      expect(op, `${rule.method} ${rule.path}`).toBeDefined();
    }
    const policyKeys = new Set(ROUTES.map((r) => `${r.method.toLowerCase()} ${openApiPath(r.path)}`));
    for (const [path, item] of Object.entries(doc.paths))
      for (const method of Object.keys(item))
        expect(policyKeys, `${method} ${path}`).toContain(`${method} ${path}`);
  });

  it('gives every operation a summary of its own', () => {
    for (const item of Object.values(doc.paths))
      for (const op of Object.values(item)) expect(String(op.summary).length).toBeGreaterThan(3);
  });

  it('marks the security and the roles of each operation from the route table', () => {
    for (const rule of ROUTES) {
      const op = doc.paths[openApiPath(rule.path)]![rule.method.toLowerCase()]!;
      if (rule.access === 'public') {
        expect(op.security).toEqual([]);
        expect(op['x-roles']).toEqual([]);
      } else {
        expect(op.security).toEqual([{ cookieAuth: [] }, { bearerAuth: [] }, { accessTokenHeader: [] }]);
        expect(op['x-roles']).toEqual(
          rule.access === 'authenticated' ? ['ADMIN', 'DEVELOPER', 'USER'] : [...rule.access],
        );
      }
    }
    expect(doc.paths['/users']!.get!['x-roles']).toEqual(['ADMIN']);
    expect(doc.paths['/users/signIn']!.post!.security).toEqual([]);
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual([
      'accessTokenHeader',
      'bearerAuth',
      'cookieAuth',
    ]);
  });

  it('declares every path parameter', () => {
    for (const [path, item] of Object.entries(doc.paths)) {
      const names = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      for (const op of Object.values(item)) {
        const declared = ((op.parameters ?? []) as { name: string; in: string }[])
          .filter((p) => p.in === 'path')
          .map((p) => p.name);
        expect(declared.sort(), path).toEqual([...names].sort());
      }
    }
  });

  it('converts every attached zod schema (no silent fallback to {})', () => {
    for (const [key, op] of Object.entries(OPERATIONS))
      for (const s of [op?.body, op?.query, op?.params])
        if (s)
          expect((jsonSchemaOf(s) as Schema).type, key).toBe(
            s === op?.body && op.contentType ? 'string' : 'object',
          );
  });

  it('takes the request bodies from the routers’ zod schemas', () => {
    const create = (
      doc.paths['/catalogs']!.post!.requestBody as {
        content: { 'application/json': { schema: Schema } };
      }
    ).content['application/json'].schema;
    expect(create.type).toBe('object');
    expect(create.required).toEqual(expect.arrayContaining(['name', 'startDate', 'endDate']));
    expect(create.properties).toHaveProperty('status');
    const bulk = (
      doc.paths['/computations/bulk']!.post!.requestBody as {
        content: { 'application/json': { schema: Schema } };
      }
    ).content['application/json'].schema;
    expect(bulk.required).toContain('computations');
    const list = doc.paths['/catalogs']!.get!.parameters as { name: string; in: string }[];
    expect(list.map((p) => p.name)).toEqual(expect.arrayContaining(['name', 'status', 'limit', 'offset']));
  });

  it('documents the bodies of the users, grafana, assistant and registry routes from their schemas.ts', () => {
    const body = (path: string, method: 'post' | 'patch' | 'put') =>
      (
        (doc.paths[path] as Record<string, { requestBody?: unknown }>)[method]!.requestBody as {
          content: { 'application/json': { schema: Schema } };
        }
      ).content['application/json'].schema;
    expect(body('/users/signUp', 'post').required).toEqual(
      expect.arrayContaining(['username', 'password', 'email']),
    );
    expect(body('/users/signIn', 'post').properties).toHaveProperty('totpToken');
    expect(body('/grafana/dashboard/{uid}/panel', 'post').properties).toHaveProperty('sqlQuery');
    expect(body('/grafana/serviceaccount', 'post').required).toEqual(['name', 'role']);
    expect(body('/thread/{gptId}', 'post').required).toEqual(['assistantId', 'content']);
    expect(body('/grafana/sql/parse', 'post').required).toEqual(['rawSql']);
    const points = doc.paths['/catalogs/{tpaId}/points']!.get!.parameters as { name: string }[];
    expect(points.map((p) => p.name)).toEqual(expect.arrayContaining(['tpaId', 'from', 'to']));
  });
});

describe('the docs page script', () => {
  it('renders one entry per operation from the document (stub DOM)', async () => {
    type Node = { className: string; textContent: string; children: Node[]; appendChild(c: Node): Node };
    const make = (): Node => ({
      className: '',
      textContent: '',
      children: [],
      appendChild(c) {
        this.children.push(c);
        return c;
      },
    });
    const app = { ...make(), getAttribute: () => '/spec' };
    const doc = JSON.parse(JSON.stringify(buildOpenApi({ routes: ROUTES }))) as Doc;
    const operations = Object.values(doc.paths).flatMap((item) => Object.keys(item)).length;
    vm.runInNewContext(DOCS_SCRIPT, {
      document: { getElementById: () => app, createElement: make },
      fetch: () => Promise.resolve({ ok: true, json: () => Promise.resolve(doc) }),
    });
    await new Promise((r) => setTimeout(r, 50));
    const entries = app.children.filter((c) => c.children.some((s) => s.className === 'body'));
    expect(entries).toHaveLength(operations);
  });
});

describe('GET /api/v1/docs', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('serves the OpenAPI 3.1 document without a token', async () => {
    const r = await app.fetch('/api/v1/docs/openapi.json');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/application\/json/);
    const doc = (await r.json()) as Doc;
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(doc.info.title).toBe('STATUS API');
    expect(doc.servers[0]!.url).toBe('/api/v1');
    expect(doc.paths['/catalogs']!.post).toBeDefined();
    expect(doc.paths['/catalogs/{id}']!.get).toBeDefined();
  });

  it('serves an HTML page that loads the document, with its own CSP', async () => {
    const r = await app.fetch('/api/v1/docs');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/text\/html/);
    expect(r.headers.get('content-security-policy')).toBe(DOCS_CSP);
    const html = await r.text();
    expect(html).toContain('/api/v1/docs/openapi.json');
    expect(html).toContain('<script src="/api/v1/docs/docs.js"></script>');
    expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/); // nothing from a CDN
    const js = await app.fetch('/api/v1/docs/docs.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(await js.text()).toContain("getAttribute('data-spec')");
  });

  it('answers unknown docs paths with the JSON 404', async () => {
    const r = await app.fetch('/api/v1/docs/nope');
    expect(r.status).toBe(404);
    expect(await r.json()).toHaveProperty('message');
  });
});
