// ensureGrafanaToken against local HTTP servers: the Grafana API subset of the test stand-in
// (test/images/standin/grafana.mjs, the same code the status-test/standin image runs), and tiny
// servers for the ways a Grafana can refuse.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGrafanaApi } from '../../../test/images/standin/grafana.mjs';
import { isStatusError } from '../errors.js';
import {
  GRAFANA_ADMIN_USER,
  GRAFANA_SERVICE_ACCOUNT,
  GRAFANA_TOKEN_PREFIX,
  ensureGrafanaToken,
  grafanaSubPath,
} from './grafana-token.js';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

const servers: http.Server[] = [];
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'status-grafana-token-'));
});
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map((s) => {
      s.closeAllConnections();
      return new Promise((resolve) => s.close(resolve));
    }),
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function serve(handler: Handler): Promise<string> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handler(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/grafana`;
}

/** A Grafana (the stand-in's API) with a request log; `statePath` keeps its accounts across restarts. */
async function grafana(opts: { password?: string; statePath?: string } = {}) {
  const log: string[] = [];
  const api = createGrafanaApi({
    adminUser: GRAFANA_ADMIN_USER,
    adminPassword: opts.password ?? 'admin-secret',
    dashboardsDir: join(dir, 'dashboards'),
    statePath: opts.statePath,
  });
  const baseUrl = await serve((req, res, body) => {
    log.push(`${req.method} ${req.url}`);
    if (!api(req, res, body)) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"message":"Not found"}');
    }
  });
  return { baseUrl, log };
}

const bearer = (baseUrl: string, token: string, path = '/api/org') =>
  fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });

describe('ensureGrafanaToken (Grafana API: the test stand-in)', () => {
  it('creates the status-backend service account (Admin) and a token that authorizes Bearer requests', async () => {
    const { baseUrl, log } = await grafana();
    const result = await ensureGrafanaToken({
      baseUrl,
      adminUser: GRAFANA_ADMIN_USER,
      adminPassword: 'admin-secret',
    });
    expect(result.action).toBe('created');
    expect(result.token).toMatch(/^glsa_/);
    expect(log).toEqual([
      `GET /grafana/api/serviceaccounts/search?perpage=100&page=1&query=${GRAFANA_SERVICE_ACCOUNT}`,
      'POST /grafana/api/serviceaccounts',
      `POST /grafana/api/serviceaccounts/${result.serviceAccountId}/tokens`,
      `GET /grafana/api/serviceaccounts/${result.serviceAccountId}/tokens`,
    ]);
    expect((await bearer(baseUrl, result.token)).status).toBe(200);
    const accounts = (await (
      await bearer(baseUrl, result.token, `/api/serviceaccounts/search?query=${GRAFANA_SERVICE_ACCOUNT}`)
    ).json()) as { serviceAccounts: { name: string; role: string }[] };
    expect(accounts.serviceAccounts).toEqual([
      expect.objectContaining({ name: GRAFANA_SERVICE_ACCOUNT, role: 'Admin' }),
    ]);
  });

  it('keeps a stored token Grafana still accepts, with one request and no admin call', async () => {
    const { baseUrl, log } = await grafana();
    const first = await ensureGrafanaToken({
      baseUrl,
      adminUser: GRAFANA_ADMIN_USER,
      adminPassword: 'admin-secret',
    });
    log.length = 0;
    const again = await ensureGrafanaToken({
      baseUrl,
      adminUser: GRAFANA_ADMIN_USER,
      adminPassword: 'admin-secret',
      storedToken: first.token,
    });
    expect(again).toMatchObject({ action: 'kept', token: first.token });
    expect(log).toEqual(['GET /grafana/api/org']);
  });

  it('makes a new token when the stored one gets 401 (Grafana data reset), reusing the account', async () => {
    const statePath = join(dir, 'state-reset.json');
    const before = await grafana({ statePath });
    const old = await ensureGrafanaToken({
      baseUrl: before.baseUrl,
      adminUser: GRAFANA_ADMIN_USER,
      adminPassword: 'admin-secret',
    });
    // Same data, token deleted by someone: the account is found again, a new token replaces the old.
    const list = (await (
      await fetch(`${before.baseUrl}/api/serviceaccounts/${old.serviceAccountId}/tokens`, {
        headers: {
          authorization: `Basic ${Buffer.from(`${GRAFANA_ADMIN_USER}:admin-secret`).toString('base64')}`,
        },
      })
    ).json()) as { id: number }[];
    await fetch(`${before.baseUrl}/api/serviceaccounts/${old.serviceAccountId}/tokens/${list[0]!.id}`, {
      method: 'DELETE',
      headers: {
        authorization: `Basic ${Buffer.from(`${GRAFANA_ADMIN_USER}:admin-secret`).toString('base64')}`,
      },
    });
    const renewed = await ensureGrafanaToken({
      baseUrl: before.baseUrl,
      adminUser: GRAFANA_ADMIN_USER,
      adminPassword: 'admin-secret',
      storedToken: old.token,
    });
    expect(renewed.action).toBe('created');
    expect(renewed.serviceAccountId).toBe(old.serviceAccountId);
    expect(renewed.token).not.toBe(old.token);
    expect((await bearer(before.baseUrl, renewed.token)).status).toBe(200);

    // A fresh Grafana (no state at all): the account is made again.
    const fresh = await grafana();
    const remade = await ensureGrafanaToken({
      baseUrl: fresh.baseUrl,
      adminUser: GRAFANA_ADMIN_USER,
      adminPassword: 'admin-secret',
      storedToken: renewed.token,
    });
    expect(remade.action).toBe('created');
    expect(fresh.log).toContain('POST /grafana/api/serviceaccounts');
  });

  it("deletes this launcher's older tokens after a renewal and leaves other tokens alone", async () => {
    const { baseUrl } = await grafana();
    const basic = {
      authorization: `Basic ${Buffer.from(`${GRAFANA_ADMIN_USER}:admin-secret`).toString('base64')}`,
    };
    const first = await ensureGrafanaToken({
      baseUrl,
      adminUser: GRAFANA_ADMIN_USER,
      adminPassword: 'admin-secret',
    });
    const id = first.serviceAccountId!;
    // Someone's own token on the same account.
    await fetch(`${baseUrl}/api/serviceaccounts/${id}/tokens`, {
      method: 'POST',
      headers: { ...basic, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'my-own-token' }),
    });
    // A stored token that no longer works forces a renewal.
    const second = await ensureGrafanaToken({
      baseUrl,
      adminUser: GRAFANA_ADMIN_USER,
      adminPassword: 'admin-secret',
      storedToken: 'glsa_not-a-token',
    });
    expect(second.removedTokens).toBe(1);
    const names = (
      (await (await fetch(`${baseUrl}/api/serviceaccounts/${id}/tokens`, { headers: basic })).json()) as {
        name: string;
      }[]
    ).map((t) => t.name);
    expect(names).toHaveLength(2);
    expect(names).toContain('my-own-token');
    expect(names.filter((n) => n.startsWith(GRAFANA_TOKEN_PREFIX))).toHaveLength(1);
    expect((await bearer(baseUrl, first.token)).status).toBe(401);
  });

  it('says what to do when Grafana refuses the admin password (401)', async () => {
    const { baseUrl } = await grafana({ password: 'changed-in-grafana' });
    const error = await ensureGrafanaToken({
      baseUrl,
      adminUser: GRAFANA_ADMIN_USER,
      adminPassword: 'admin-secret',
    }).catch((e: unknown) => e);
    expect(isStatusError(error, 'SERVICE_UNHEALTHY')).toBe(true);
    const e = error as { message: string; hint: string; details: Record<string, unknown> };
    expect(e.message).toContain('refused its admin account "grafana-admin" (401');
    expect(e.hint).toContain('reset-admin-password');
    expect(e.details).toMatchObject({ service: 'grafana', status: 401 });
  });

  it('lists the provisioned dashboards in /api/search for a token (stand-in only)', async () => {
    await mkdir(join(dir, 'dashboards', 'status'), { recursive: true });
    await writeFile(
      join(dir, 'dashboards', 'status', 'compliance.json'),
      JSON.stringify({ uid: 'status-compliance', title: 'STATUS compliance', tags: ['status'] }),
    );
    await writeFile(join(dir, 'dashboards', 'provider.yaml'), 'apiVersion: 1\n');
    const { baseUrl } = await grafana();
    const { token } = await ensureGrafanaToken({
      baseUrl,
      adminUser: GRAFANA_ADMIN_USER,
      adminPassword: 'admin-secret',
    });
    const hits = (await (await bearer(baseUrl, token, '/api/search')).json()) as unknown[];
    expect(hits).toEqual([
      expect.objectContaining({ uid: 'status-compliance', title: 'STATUS compliance', type: 'dash-db' }),
    ]);
    expect((await fetch(`${baseUrl}/api/search`)).status).toBe(401);
  });
});

describe('ensureGrafanaToken: refusals of other Grafanas (local servers)', () => {
  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  it('reports an error status with Grafana message and the request that failed', async () => {
    const baseUrl = await serve((req, res) =>
      req.url?.includes('/search')
        ? json(res, 200, { totalCount: 0, serviceAccounts: [], page: 1, perPage: 100 })
        : json(res, 500, { message: 'failed to create service account: database is locked' }),
    );
    const error = await ensureGrafanaToken({
      baseUrl,
      adminUser: GRAFANA_ADMIN_USER,
      adminPassword: 'x',
    }).catch((e: unknown) => e);
    expect(isStatusError(error, 'SERVICE_UNHEALTHY')).toBe(true);
    expect((error as Error).message).toBe(
      'Grafana answered 500 (failed to create service account: database is locked) when asked to create ' +
        `the service account "${GRAFANA_SERVICE_ACCOUNT}", while setting up the backend's Grafana service account.`,
    );
    expect((error as { hint: string }).hint).toContain("grafana service's logs");
  });

  it('rejects an answer of the wrong shape (not a Grafana) with a clear error, not a crash', async () => {
    const baseUrl = await serve((_req, res) => json(res, 200, { standin: true }));
    const error = await ensureGrafanaToken({
      baseUrl,
      adminUser: GRAFANA_ADMIN_USER,
      adminPassword: 'x',
    }).catch((e: unknown) => e);
    expect(isStatusError(error, 'SERVICE_UNHEALTHY')).toBe(true);
    expect((error as Error).message).toContain('is not what STATUS Desktop expects');
    expect((error as { hint: string }).hint).toContain('Grafana 9 or newer');
  });

  it('stops an account that was disabled in Grafana with what to do', async () => {
    const baseUrl = await serve((_req, res) =>
      json(res, 200, {
        totalCount: 1,
        serviceAccounts: [{ id: 4, name: GRAFANA_SERVICE_ACCOUNT, role: 'Admin', isDisabled: true }],
      }),
    );
    const error = await ensureGrafanaToken({
      baseUrl,
      adminUser: GRAFANA_ADMIN_USER,
      adminPassword: 'x',
    }).catch((e: unknown) => e);
    expect((error as Error).message).toContain('is disabled');
    expect((error as { hint: string }).hint).toContain('Service accounts');
  });

  it('waits while Grafana does not answer yet, then gives up with the address and the cause', async () => {
    let calls = 0;
    const baseUrl = await serve((_req, res) => {
      calls += 1;
      json(res, 503, { message: 'starting' });
    });
    const error = await ensureGrafanaToken({
      baseUrl,
      adminUser: GRAFANA_ADMIN_USER,
      adminPassword: 'x',
      unreachableForMs: 1200,
    }).catch((e: unknown) => e);
    expect(calls).toBeGreaterThan(1);
    expect((error as Error).message).toContain(`could not reach Grafana at ${baseUrl}`);
    expect((error as Error).message).toContain('HTTP 503');
    expect((error as { hint: string }).hint).toContain('STATUS_GRAFANA_PORT');
  });

  it('is cancelled by its signal', async () => {
    const baseUrl = await serve(() => {
      /* never answers */
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await ensureGrafanaToken({
      baseUrl,
      adminUser: GRAFANA_ADMIN_USER,
      adminPassword: 'x',
      signal: controller.signal,
    }).catch((e: unknown) => e);
    expect(isStatusError(error, 'CANCELLED')).toBe(true);
  });
});

describe('grafanaSubPath', () => {
  it('is the root URL’s path without its trailing slash; empty at the root or without a usable URL', () => {
    expect(grafanaSubPath('http://localhost:8080/grafana/')).toBe('/grafana');
    expect(grafanaSubPath('https://status.example.org/tools/grafana')).toBe('/tools/grafana');
    expect(grafanaSubPath('http://grafana.example.org/')).toBe('');
    expect(grafanaSubPath(undefined)).toBe('');
    expect(grafanaSubPath('%(protocol)s://%(domain)s/grafana/')).toBe('');
  });
});
