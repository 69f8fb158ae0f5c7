// RegistryClient when the Governify registry is not there (closed port, silent server:
// ServiceUnavailableError, 503 naming it) or answers badly (RegistryError → 502).
import { describe, expect, it } from 'vitest';
import { answeringServer, closedPort, silentServer } from '../../../test/fakes/unavailable.js';
import { ServiceUnavailableError } from '../../http/errors.js';
import { RegistryClient, RegistryError } from './client.js';

describe('RegistryClient when the registry is away', () => {
  it('a closed port is a 503 naming the registry and what to do', async () => {
    const port = await closedPort();
    const err = await new RegistryClient(`http://127.0.0.1:${port}`)
      .getAgreement('tpa-1')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServiceUnavailableError);
    expect(err).toMatchObject({ status: 503, service: 'registry', reason: 'ECONNREFUSED' });
    expect((err as Error).message).toBe(
      'The Governify registry is not reachable (GET /api/v6/agreements/tpa-1: ECONNREFUSED): start it from STATUS Desktop or check its logs',
    );
    expect((err as Error).cause).toBeInstanceOf(RegistryError);
  });

  it('no answer within the timeout is a 503 too', async () => {
    const s = await silentServer();
    try {
      await expect(
        new RegistryClient(s.url, 200).guaranteeStates('tpa-1', { from: '2030-01-01', to: '2030-02-01' }),
      ).rejects.toMatchObject({ status: 503, service: 'registry', reason: 'no answer within 200 ms' });
    } finally {
      await s.close();
    }
  });

  it('an answer that is an error stays a RegistryError (a 502 at the route)', async () => {
    const s = await answeringServer(500, 'mongo is down');
    try {
      const err = await new RegistryClient(s.url).postAgreement({}).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RegistryError);
      expect(err).toMatchObject({
        status: 500,
        message: 'registry POST /api/v6/agreements answered 500: mongo is down',
      });
    } finally {
      await s.close();
    }
  });
});
