import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../test-support/http-server';
import { helper, lastStatus, runNode } from '../test-support/run-node';
import statusApi from './status-api';

let server: TestServer;
beforeAll(async () => {
  server = await startServer((req) => {
    if (req.headers['x-access-token'] === 'expired') return { status: 401, body: { message: 'jwt expired' } };
    return {
      body: {
        url: req.url,
        token: req.headers['x-access-token'] ?? null,
        auth: req.headers.authorization ?? null,
      },
    };
  });
  process.env.STATUS_BACKEND_URL = `${server.url}/api/v1`;
});
afterAll(async () => {
  delete process.env.STATUS_BACKEND_URL;
  await server.close();
});
afterEach(() => helper.unload());

const node = (over: Record<string, unknown>) => ({ type: 'status-api', ...over });
const runRequest = (token?: string) => ({ headers: token ? { 'x-access-token': token } : {}, body: {} });

describe('status-api', () => {
  it("reads the run's control's computations from STATUS_BACKEND_URL, forwarding the run's x-access-token", async () => {
    const run = await runNode(statusApi, node({ resource: 'computations' }), {
      payload: { controlId: 12 },
      req: runRequest('run-token'),
    });
    expect(run.outputs[0]?.payload).toEqual({
      url: '/api/v1/computations?controlId=12',
      token: 'run-token',
      auth: null,
    });
    expect(run.statuses[0]).toMatchObject({ fill: 'blue', text: 'requesting…' });
    expect(lastStatus(run)).toMatchObject({ fill: 'green' });
  });

  it('reads points of an agreement in the run period with the credentials token when no run token', async () => {
    const run = await runNode(
      statusApi,
      node({
        resource: 'points',
        agreementId: 'tpa-1',
        agreementIdType: 'str',
        usePeriod: true,
        output: 'points',
      }),
      { payload: { from: '2024-05-01T00:00:00.000Z', to: '2024-05-02T00:00:00.000Z' } },
      { credentials: { token: 'cred' } },
    );
    expect(run.outputs[0]?.points).toEqual({
      url: '/api/v1/points?agreementId=tpa-1&from=2024-05-01T00%3A00%3A00.000Z&to=2024-05-02T00%3A00%3A00.000Z',
      token: null,
      auth: 'Bearer cred',
    });
  });

  it('GETs a path under a configured base URL', async () => {
    const run = await runNode(
      statusApi,
      node({ resource: 'path', path: '/health/platform', baseUrl: `${server.url}/other/` }),
      {},
    );
    expect((run.outputs[0]?.payload as { url: string }).url).toBe('/other/health/platform');
  });

  it('no control id, a missing period and an HTTP error are node errors', async () => {
    const none = await runNode(statusApi, node({ resource: 'computations' }), { payload: {} });
    expect(none.errors[0]).toMatch(/^No control id/);
    await helper.unload();
    const noPeriod = await runNode(statusApi, node({ resource: 'points', usePeriod: true }), { payload: {} });
    expect(noPeriod.errors[0]).toMatch(/msg.payload.from\/to are missing/);
    await helper.unload();
    const expired = await runNode(
      statusApi,
      node({ resource: 'computations', controlId: '3', controlIdType: 'num' }),
      { req: runRequest('expired') },
    );
    expect(expired.errors[0]).toMatch(/STATUS API answered HTTP 401 .*no valid token.*jwt expired/);
    expect(lastStatus(expired)).toMatchObject({ fill: 'red' });
  });
});
