// GrafanaClient when Grafana is not there (closed port, silent server: ServiceUnavailableError,
// 503 naming Grafana) or answers badly (GrafanaError, which the routes turn into 502).
import { describe, expect, it } from 'vitest';
import { answeringServer, closedPort, silentServer } from '../../../test/fakes/unavailable.js';
import { ServiceUnavailableError } from '../../http/errors.js';
import { GrafanaClient, GrafanaError } from './client.js';

describe('GrafanaClient when Grafana is away', () => {
  it('a closed port is a 503 naming Grafana and what to do, without credentials', async () => {
    const port = await closedPort();
    const c = new GrafanaClient({ baseUrl: `http://127.0.0.1:${port}/grafana`, token: 'secret-token' });
    const err = await c.listFolders().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServiceUnavailableError);
    const e = err as ServiceUnavailableError;
    expect(e.status).toBe(503);
    expect(e.service).toBe('grafana');
    expect(e.message).toBe(
      'Grafana is not reachable (GET /api/folders: ECONNREFUSED): start it from STATUS Desktop or check its logs',
    );
    expect(e.message).not.toContain('secret-token');
    expect(e.cause).toBeInstanceOf(GrafanaError); // the old error, for logs
  });

  it('no answer within the timeout is a 503 too', async () => {
    const s = await silentServer();
    try {
      const c = new GrafanaClient({ baseUrl: s.url, token: 't', timeoutMs: 200 });
      await expect(c.search({ query: 'x' })).rejects.toMatchObject({
        status: 503,
        service: 'grafana',
        message:
          'Grafana is not reachable (GET /api/search: no answer within 200 ms): start it from STATUS Desktop or check its logs',
      });
    } finally {
      await s.close();
    }
  });

  it('an answer that is an error stays a GrafanaError (a 502 at the routes)', async () => {
    const s = await answeringServer(500, 'database is locked');
    try {
      const err = await new GrafanaClient({ baseUrl: s.url, token: 't' })
        .listFolders()
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(GrafanaError);
      expect(err).not.toBeInstanceOf(ServiceUnavailableError);
      expect(err).toMatchObject({ status: 500, upstreamMessage: 'database is locked' });
    } finally {
      await s.close();
    }
  });
});
