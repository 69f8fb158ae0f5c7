// ServiceUnavailableError and the classification of fetch failures (a closed port, a reset, DNS, a
// timeout) against real sockets.
import { describe, expect, it } from 'vitest';
import { closedPort, resettingServer, silentServer } from '../../test/fakes/unavailable.js';
import { HttpError, ServiceUnavailableError, serviceUnavailable, unreachableReason } from './errors.js';

async function failure(url: string, timeoutMs = 5000): Promise<unknown> {
  return fetch(url, { signal: AbortSignal.timeout(timeoutMs) }).then(
    () => new Error('it answered'),
    (err: unknown) => err,
  );
}

describe('ServiceUnavailableError', () => {
  it('is an HttpError with status 503, the service, the reason and the cause', () => {
    const cause = new Error('inner');
    const e = serviceUnavailable('grafana', 'Grafana', 'ECONNREFUSED', { context: 'GET /api/search', cause });
    expect(e).toBeInstanceOf(HttpError);
    expect(e).toBeInstanceOf(ServiceUnavailableError);
    expect(e.status).toBe(503);
    expect(e.service).toBe('grafana');
    expect(e.reason).toBe('ECONNREFUSED');
    expect(e.cause).toBe(cause);
    expect(e.message).toBe(
      'Grafana is not reachable (GET /api/search: ECONNREFUSED): start it from STATUS Desktop or check its logs',
    );
    expect(serviceUnavailable('nodered', 'Node-RED', 'ENOTFOUND').message).toBe(
      'Node-RED is not reachable (ENOTFOUND): start it from STATUS Desktop or check its logs',
    );
  });
});

describe('unreachableReason', () => {
  it('a closed port is ECONNREFUSED (by address and by name)', async () => {
    const port = await closedPort();
    expect(unreachableReason(await failure(`http://127.0.0.1:${port}/`), 5000)).toBe('ECONNREFUSED');
    expect(unreachableReason(await failure(`http://localhost:${port}/`), 5000)).toBe('ECONNREFUSED');
  });

  it('a connection cut at once is ECONNRESET (or the socket closed)', async () => {
    const s = await resettingServer();
    try {
      expect(unreachableReason(await failure(`${s.url}/`), 5000)).toMatch(
        /^(ECONNRESET|UND_ERR_SOCKET|EPIPE)$/,
      );
    } finally {
      await s.close();
    }
  });

  it('a name that does not resolve is a DNS failure', async () => {
    expect(unreachableReason(await failure('http://no-such-service.invalid/'), 5000)).toMatch(
      /^(ENOTFOUND|EAI_AGAIN)$/,
    );
  });

  it('no answer within the timeout says so', async () => {
    const s = await silentServer();
    try {
      expect(unreachableReason(await failure(`${s.url}/`, 200), 200)).toBe('no answer within 200 ms');
    } finally {
      await s.close();
    }
  });

  it('other failures are not "unreachable"', async () => {
    expect(unreachableReason(new Error('bug'), 1000)).toBeUndefined();
    // fetch refuses some ports outright ("bad port"): a configuration problem, not a service away.
    expect(unreachableReason(await failure('http://127.0.0.1:9/'), 1000)).toBeUndefined();
    expect(unreachableReason(undefined, 1000)).toBeUndefined();
  });
});
