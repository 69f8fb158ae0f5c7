// GET /nodered/token and /nodered/flows on the real app when Node-RED is away (503 naming it, from
// the client's ServiceUnavailableError, not turned into a 502), answers badly (502), or the admin
// credentials are not configured (404); and who may call them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answeringServer, closedPort, type Silent } from '../../../test/fakes/unavailable.js';
import { domainKit, type Kit } from '../../../test/domain-kit.js';
import { createTestApp, type TestApp } from '../../../test/helpers.js';
import { NodeRedClient } from './client.js';

const creds = { adminUser: 'admin', adminPassword: 'pw', httpUser: 'u', httpPassword: 'p' };
let app: TestApp;
let k: Kit;
let failing: Silent | undefined;

beforeAll(async () => {
  const port = await closedPort();
  app = await createTestApp({
    env: {
      NODE_RED_URL: `http://127.0.0.1:${port}`,
      NODE_RED_ADMIN_USER: 'admin',
      NODE_RED_ADMIN_PASSWORD: 'pw',
    },
  });
  k = await domainKit(app);
});
afterAll(async () => {
  await failing?.close();
  await app?.close();
});

describe('/nodered/token and /nodered/flows', () => {
  it('Node-RED unreachable: 503 naming Node-RED and what to do', async () => {
    for (const path of ['/nodered/token', '/nodered/flows']) {
      const r = await k.call('ADMIN', 'GET', path);
      expect(r.status, path).toBe(503);
      expect(r.body.message).toMatch(
        /^Node-RED is not reachable \(.*ECONNREFUSED\): start it from STATUS Desktop/,
      );
      expect(r.text).not.toContain('pw');
    }
  });

  it('Node-RED answering with an error: 502', async () => {
    failing = await answeringServer(500, 'broken');
    const before = app.deps.nodeRed;
    app.deps.nodeRed = new NodeRedClient({ baseUrl: failing.url, ...creds });
    try {
      expect((await k.call('DEVELOPER', 'GET', '/nodered/token')).status).toBe(502);
      expect((await k.call('DEVELOPER', 'GET', '/nodered/flows')).status).toBe(502);
    } finally {
      app.deps.nodeRed = before;
    }
  });

  it('ADMIN and DEVELOPER only; 404 without admin credentials', async () => {
    expect((await k.call('USER', 'GET', '/nodered/token')).status).toBe(403);
    expect((await k.call('anonymous', 'GET', '/nodered/flows')).status).toBe(401);
    const config = app.deps.config;
    app.deps.config = { ...config, NODE_RED_ADMIN_PASSWORD: undefined };
    try {
      const r = await k.call('ADMIN', 'GET', '/nodered/token');
      expect(r.status).toBe(404);
      expect(r.body.message).toMatch(/NODE_RED_ADMIN_PASSWORD/);
    } finally {
      app.deps.config = config;
    }
  });
});
