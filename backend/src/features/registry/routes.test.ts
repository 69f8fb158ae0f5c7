// GET /catalogs/:tpaId/points against test/fakes/registry.ts, on real PostgreSQL and Redis.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeRegistry, type FakeRegistry } from '../../../test/fakes/registry.js';
import { createTestApp, type TestApp } from '../../../test/helpers.js';
import { point } from '../points/schemas.js';
import { buildAgreement } from './agreement.js';
import { periodStarts } from './routes.js';

let reg: FakeRegistry;
let app: TestApp;
let cookie: string;
let token: string;
const TPA = 'tpa-11111111-2222-3333-4444-555555555555';
const Q = '?from=2030-01-01T00:00:00Z&to=2030-04-01T00:00:00Z';

beforeAll(async () => {
  reg = await startFakeRegistry();
  app = await createTestApp({ env: { REGISTRY_URL: reg.url } });
  const u = await app.db.query<{ id: number }>(
    `INSERT INTO users (username, password_hash, role) VALUES ('u', 'x', 'USER') RETURNING id`,
  );
  token = (await app.deps.tokens.issue({ id: String(u.rows[0]!.id), username: 'u', role: 'USER' }))
    .accessToken;
  cookie = `accessToken=${token}`;
  const c = await app.db.query<{ id: number }>(
    `INSERT INTO catalogs (name, start_date, status, tpa_id) VALUES ('C', '2030-01-01', 'finalized', $1) RETURNING id`,
    [TPA],
  );
  const ctl = await app.db.query<{ id: number }>(
    `INSERT INTO controls (catalog_id, name, period, params, status) VALUES ($1, 'Has readme', 'MONTHLY', $2, 'finalized') RETURNING id`,
    [c.rows[0]!.id, JSON.stringify({ endpoint: '/check', threshold: 80, repo: 'x' })],
  );
  await app.db.query(`INSERT INTO scopes (name, description) VALUES ('project', 'The project')`);
  await app.db.query(`INSERT INTO scope_sets (control_id, scopes) VALUES ($1, '{"project":"p1"}')`, [
    ctl.rows[0]!.id,
  ]);
});
afterAll(async () => {
  await app?.close();
  await reg?.close();
});

const get = (path: string) => app.fetch(`/api/v1/catalogs${path}`, { headers: { cookie } });

describe('GET /catalogs/:tpaId/points', () => {
  it('creates the agreement, fetches the states with the token, stores de-duplicated points', async () => {
    reg.states.set(TPA, [
      {
        id: 'HAS_README',
        agreementId: TPA,
        scope: { project: 'p1' },
        period: { from: '2030-01-01T00:00:00.000Z', to: '2030-02-01T00:00:00.000Z' },
        value: true,
        metrics: { HAS_README_METRIC: 100 },
        evidences: [{ computationGroup: '0f0e0d0c-0b0a-4908-8706-050403020100' }],
      },
    ]);
    const r = await get(`/${TPA}/points${Q}`);
    expect(r.status).toBe(200);
    const pts = (await r.json()) as Record<string, unknown>[];
    expect(pts).toHaveLength(1);
    expect(point.array().parse(pts)).toEqual(pts);
    expect(pts[0]).toMatchObject({
      agreementId: TPA,
      guaranteeId: 'HAS_README',
      guaranteeValue: 100,
      guaranteeResult: true,
      timestamp: '2030-01-01T00:00:00.000Z',
      scope: { project: 'p1' },
    });
    const a = reg.agreements.get(TPA)! as {
      terms: { metrics: Record<string, { measure: unknown }>; guarantees: unknown[] };
    };
    expect(a.terms.metrics.HAS_README_METRIC!.measure).toEqual({
      endpoint: '/check',
      params: { repo: 'x' },
      scope: {},
    });
    expect(a.terms.guarantees[0]).toMatchObject({
      id: 'HAS_README',
      scope: { project: { name: 'project', description: 'The project' } },
      of: [{ scope: { project: 'p1' }, objective: 'HAS_README_METRIC >= 80' }],
    });
    expect(reg.requests.find((q) => q.path.startsWith('/api/v6/states'))!.token).toBe(token);
    // Again: the agreement is unchanged (no PUT) and the point is not duplicated.
    const again = await get(`/${TPA}/points${Q}`);
    expect(((await again.json()) as unknown[]).length).toBe(1);
    expect(reg.requests.filter((q) => q.method === 'PUT')).toHaveLength(0);
  });

  it('answers every point of [from, to), or a page with X-Total-Count and Link', async () => {
    const state = (id: string, from: string, to: string) => ({
      id,
      agreementId: TPA,
      scope: { project: 'p1' },
      period: { from, to },
      value: false,
      metrics: { [`${id}_METRIC`]: 50 },
      evidences: [],
    });
    reg.states.set(TPA, [
      state('B', '2030-02-01T00:00:00.000Z', '2030-03-01T00:00:00.000Z'),
      state('A', '2030-02-01T00:00:00.000Z', '2030-03-01T00:00:00.000Z'),
      state('C', '2031-01-01T00:00:00.000Z', '2031-02-01T00:00:00.000Z'), // outside [from, to)
    ]);
    const all = (await (await get(`/${TPA}/points${Q}`)).json()) as { guaranteeId: string }[];
    // by timestamp, then guarantee
    expect(all.map((p) => p.guaranteeId)).toEqual(['HAS_README', 'A', 'B']);
    const page = await get(`/${TPA}/points${Q}&limit=2`);
    expect(((await page.json()) as { guaranteeId: string }[]).map((p) => p.guaranteeId)).toEqual([
      'HAS_README',
      'A',
    ]);
    expect(page.headers.get('x-total-count')).toBe('3');
    expect(page.headers.get('link')).toBe(
      `<?from=2030-01-01T00%3A00%3A00Z&to=2030-04-01T00%3A00%3A00Z&limit=2&offset=2>; rel="next"`,
    );
    expect((await get(`/${TPA}/points${Q}&limit=0`)).status).toBe(400);
  });

  it('unknown catalog → 404; bad dates → 400; registry down → 503 naming it; anonymous → 401', async () => {
    expect((await get(`/tpa-nope/points${Q}`)).status).toBe(404);
    expect((await get(`/${TPA}/points?from=yesterday&to=now`)).status).toBe(400);
    expect((await app.fetch(`/api/v1/catalogs/${TPA}/points${Q}`)).status).toBe(401);
    await reg.close();
    const down = await get(`/${TPA}/points${Q}`);
    expect(down.status).toBe(503);
    expect(((await down.json()) as { message: string }).message).toMatch(
      /^The Governify registry is not reachable \(GET \/api\/v6\/agreements\/tpa-[0-9a-f-]+: ECONNREFUSED\): start it from STATUS Desktop or check its logs$/,
    );
    reg = await startFakeRegistry();
  });

  it('period starts and the agreement of a control without scope sets', () => {
    expect(periodStarts(new Date('2030-01-01Z'), new Date('2031-01-01Z'), 'annually')).toHaveLength(1);
    expect(periodStarts(new Date('2030-01-01Z'), new Date('2030-01-03Z'), 'daily')).toHaveLength(2);
    expect(() => periodStarts(new Date(), new Date(), 'fortnightly')).toThrow(/Invalid period/);
    const a = buildAgreement({
      catalog: { tpaId: 't', startDate: new Date('2030-01-01Z'), endDate: null },
      controls: [{ id: 1, name: 'a  b', description: null, period: 'DAILY', params: { threshold: 1 } }],
      scopeSets: new Map(),
      scopes: [],
      bulkUrl: 'http://b/bulk',
      computationsPath: '/api/v1/computations',
    }) as { terms: { guarantees: { id: string; of: unknown[] }[] } };
    expect(a.terms.guarantees[0]).toMatchObject({
      id: 'A_B',
      of: [{ scope: {}, window: { period: 'daily' } }],
    });
  });
});
