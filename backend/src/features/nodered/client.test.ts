// NodeRedClient when Node-RED is not there (closed port, silent server: ServiceUnavailableError,
// 503 naming Node-RED, with the NodeRedError as its cause) or answers badly (NodeRedError → 502).
import { describe, expect, it } from 'vitest';
import { answeringServer, closedPort, silentServer } from '../../../test/fakes/unavailable.js';
import { ServiceUnavailableError } from '../../http/errors.js';
import { nodeRedUnavailable } from '../runs/scheduler.js';
import { NodeRedClient, NodeRedError } from './client.js';

const creds = { adminUser: 'admin', adminPassword: 'pw', httpUser: 'u', httpPassword: 'p' };

describe('NodeRedClient when Node-RED is away', () => {
  it('a closed port is a 503 naming Node-RED and what to do', async () => {
    const port = await closedPort();
    const base = `http://127.0.0.1:${port}`;
    const c = new NodeRedClient({ baseUrl: base, ...creds });
    for (const call of [() => c.adminToken(), () => c.callEndpoint('check', {}), () => c.listFlows('tok')]) {
      const err = await call().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ServiceUnavailableError);
      expect(err).toMatchObject({ status: 503, service: 'nodered', reason: 'ECONNREFUSED' });
      expect((err as Error).message).toMatch(
        /^Node-RED is not reachable \(.+ at http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED\): start it from STATUS Desktop or check its logs$/,
      );
      expect((err as Error).message).not.toContain('pw');
    }
    const err = await c.callEndpoint('check', {}).catch((e: unknown) => e);
    expect((err as Error).message).toBe(
      `Node-RED is not reachable (endpoint /api/v1/check at ${base}: ECONNREFUSED): start it from STATUS Desktop or check its logs`,
    );
    // The scheduler still tells "Node-RED is not there" from "the flow failed".
    expect((err as Error).cause).toBeInstanceOf(NodeRedError);
    expect(nodeRedUnavailable(err)).toBe(true);
  });

  it('no answer within the timeout is a 503 that the scheduler counts as a failed run', async () => {
    const s = await silentServer();
    try {
      const c = new NodeRedClient({ baseUrl: s.url, ...creds, timeoutMs: 200 });
      const err = await c.callEndpoint('hang', {}).catch((e: unknown) => e);
      expect(err).toMatchObject({
        status: 503,
        service: 'nodered',
        message: `Node-RED is not reachable (endpoint /api/v1/hang at ${s.url}: no answer within 200 ms): start it from STATUS Desktop or check its logs`,
      });
      expect(nodeRedUnavailable(err)).toBe(false); // as before: a slow flow is the flow's failure
    } finally {
      await s.close();
    }
  });

  it('an answer that is an error stays a NodeRedError (a 502 at the routes)', async () => {
    const s = await answeringServer(500, 'flow exploded');
    try {
      const err = await new NodeRedClient({ baseUrl: s.url, ...creds })
        .callEndpoint('check', {})
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NodeRedError);
      expect(err).toMatchObject({
        status: 500,
        message: 'Node-RED endpoint /api/v1/check answered 500: flow exploded',
      });
    } finally {
      await s.close();
    }
  });
});
