// waitForDatabase against the test run's real PostgreSQL: through a TCP proxy that starts listening
// only after a second (the backend's task started before PostgreSQL's), with a wrong password (final
// at once), and with nothing listening until the deadline.
import { once } from 'node:events';
import { createConnection, createServer, type Server } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../config.js';
import { testEnv } from '../../test/helpers.js';
import { freePort } from '../../test/services.js';
import { DatabaseUnavailableError, transientReason, waitForDatabase } from './wait-for-database.js';

function recordingLogger() {
  const lines: string[] = [];
  return {
    lines,
    logger: { info: (msg: string) => lines.push(msg), warn: (msg: string) => lines.push(msg) },
  };
}

/** A TCP proxy on `port` to the test PostgreSQL. */
async function listenProxy(port: number): Promise<Server> {
  const { host, port: pgPort } = inject('services').postgres;
  const proxy = createServer((client) => {
    const upstream = createConnection(pgPort, host);
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  proxy.listen(port, '127.0.0.1');
  await once(proxy, 'listening');
  return proxy;
}

let proxy: Server | undefined;
afterEach(() => {
  proxy?.close();
  proxy = undefined;
});

const configAt = (port: number, extra: Record<string, string> = {}) =>
  loadConfig({ ...testEnv(), DB_HOST: '127.0.0.1', DB_PORT: String(port), ...extra });

describe('waitForDatabase', () => {
  it('waits while nothing listens, then goes on once PostgreSQL answers, saying so twice', async () => {
    const port = await freePort();
    // The scenario itself is a delay: PostgreSQL becomes reachable a second after start-up began.
    const proxyUp = sleep(1_000).then(async () => {
      proxy = await listenProxy(port);
    });
    const { lines, logger } = recordingLogger();
    const startedAt = Date.now();
    await waitForDatabase(configAt(port), { deadlineMs: 20_000, logger });
    await proxyUp;
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(900);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(
      `waiting for PostgreSQL at 127.0.0.1:${port} (ECONNREFUSED); retrying for up to 20 s`,
    );
    expect(lines[1]).toMatch(
      new RegExp(`^PostgreSQL at 127\\.0\\.0\\.1:${port} answered after \\d+\\.\\d s$`),
    );
  });

  it('fails at once on a wrong password, without waiting', async () => {
    const { lines, logger } = recordingLogger();
    const { port } = inject('services').postgres;
    const startedAt = Date.now();
    const waited = waitForDatabase(configAt(port, { DB_PASSWORD: 'not-the-password' }), {
      deadlineMs: 20_000,
      logger,
    });
    await expect(waited).rejects.toMatchObject({ code: '28P01' });
    expect(Date.now() - startedAt).toBeLessThan(2_000);
    expect(lines).toEqual([]);
  });

  it('gives up after the deadline with what happened and what to do', async () => {
    const port = await freePort();
    const { lines, logger } = recordingLogger();
    const startedAt = Date.now();
    const waited = waitForDatabase(configAt(port), { deadlineMs: 1_000, logger });
    await expect(waited).rejects.toThrow(DatabaseUnavailableError);
    const elapsed = Date.now() - startedAt;
    expect(elapsed).toBeGreaterThanOrEqual(1_000);
    expect(elapsed).toBeLessThan(2_500);
    await expect(waited).rejects.toThrow(
      new RegExp(
        `^PostgreSQL at 127\\.0\\.0\\.1:${port} did not answer within 1 s \\(last error: connect ECONNREFUSED .*\\)\\. ` +
          'Check that the database is running and reachable from the backend \\(DB_HOST, DB_PORT\\), ' +
          'or give it longer to start with STATUS_DB_WAIT_SECONDS\\.$',
      ),
    );
    expect(lines).toHaveLength(1);
  });

  it('does not try at all with a deadline of 0', async () => {
    const { lines, logger } = recordingLogger();
    await waitForDatabase(configAt(await freePort()), { deadlineMs: 0, logger });
    expect(lines).toEqual([]);
  });
});

describe('transientReason', () => {
  const withCode = (code: string) => Object.assign(new Error(code), { code });

  it('retries what a starting or not yet reachable PostgreSQL gives', () => {
    for (const code of ['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P03'])
      expect(transientReason(withCode(code))).toBe(code);
    expect(transientReason(new Error('Connection terminated due to connection timeout'))).toBe(
      'connect timeout',
    );
    expect(transientReason(new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')]))).toBe(
      'ECONNREFUSED',
    );
  });

  it('does not retry a refusal that waiting cannot fix', () => {
    for (const code of ['28P01', '3D000', '42501']) expect(transientReason(withCode(code))).toBeUndefined();
    expect(
      transientReason(new AggregateError([withCode('ECONNREFUSED'), withCode('28P01')])),
    ).toBeUndefined();
    expect(transientReason(new Error('boom'))).toBeUndefined();
  });
});
