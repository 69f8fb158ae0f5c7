// Two backends started together, as two replicas of one deployment: the real start-up
// (src/server.ts) twice at once, same configuration, one empty database and one Redis of their own.
// Both come up; migrations, the first admin and the "Getting started" catalog exist once. Then what
// must be shared between replicas is: a session made on one is honoured (and ended) on the other,
// failed sign-ins counted on one lock the account on the other, and a list cached on one is not
// served stale after a write on the other.
import type { AddressInfo } from 'node:net';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { loadConfig } from '../src/config.js';
import { loadMigrations } from '../src/db/migrate.js';
import { createPool } from '../src/db/pool.js';
import { startTestRedis, type TestRedis } from '../src/features/auth/test-redis.js';
import { GETTING_STARTED_CATALOG } from '../src/features/catalogs/getting-started.js';
import { hashPassword } from '../src/features/auth/passwords.js';
import { start, type Running } from '../src/server.js';
import { cookiesOf, createEmptyDatabase, testEnv } from './helpers.js';

const P = '/api/v1';
const ADMIN = { username: 'operator', password: 'operator-password-1234' };
// Users made here get a cheap bcrypt cost: the tests sign in a dozen times on two shared cores.
const ALICE = { username: 'alice', password: 'alice-password-1234', role: 'DEVELOPER' };
const VICTIM = { username: 'victim', password: 'victim-password-1234', role: 'USER' };

let redis: TestRedis;
let db: pg.Pool;
let replicas: Running[] = [];
let urlA: string;
let urlB: string;

beforeAll(async () => {
  redis = await startTestRedis();
  const database = await createEmptyDatabase();
  // One configuration for both, as an orchestrator gives its replicas (same secrets).
  const env = {
    ...testEnv(inject('services'), database),
    DRAGONFLY_HOST: '127.0.0.1',
    DRAGONFLY_PORT: String(redis.port),
    DRAGONFLY_PASSWORD: redis.password,
    STATUS_ADMIN_USERNAME: ADMIN.username,
    STATUS_ADMIN_PASSWORD: ADMIN.password,
  };
  const started = await Promise.allSettled([start({ env }), start({ env })]);
  replicas = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  for (const s of started) if (s.status === 'rejected') throw s.reason; // both must start
  const urlOf = (r: Running) => `http://127.0.0.1:${(r.server.address() as AddressInfo).port}`;
  [urlA, urlB] = [urlOf(replicas[0]!), urlOf(replicas[1]!)];
  db = createPool(loadConfig(env), { max: 1 });
  for (const u of [ALICE, VICTIM])
    await db.query(`INSERT INTO users (username, password_hash, role) VALUES ($1, $2, $3)`, [
      u.username,
      await hashPassword(u.password, 4),
      u.role,
    ]);
});
afterAll(async () => {
  await Promise.all(replicas.map((r) => r.shutdown('test over')));
  await db?.end();
  await redis?.stop();
});

const signIn = (base: string, username: string, password: string) =>
  fetch(`${base}${P}/users/signIn`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
const whoami = (base: string, accessToken: string) =>
  fetch(`${base}${P}/users/whoami`, { headers: { 'x-access-token': accessToken } });

describe('two backends starting together on one empty database', () => {
  it('both serve; each migration, the first admin and the Getting started catalog exist once', async () => {
    for (const base of [urlA, urlB]) expect((await fetch(`${base}/`)).status).toBe(200);
    const migrations = await loadMigrations();
    const recorded = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY 1');
    expect(recorded.rows.map((r) => r.version)).toEqual(migrations.map((m) => m.version));
    const admins = await db.query(`SELECT 1 FROM users WHERE role = 'ADMIN'`);
    expect(admins.rowCount).toBe(1);
    const catalogs = await db.query('SELECT id FROM catalogs WHERE name = $1', [
      GETTING_STARTED_CATALOG.name,
    ]);
    expect(catalogs.rowCount).toBe(1);
  });
});

describe('what replicas share: sessions and rate limits (Redis), list versions (PostgreSQL)', () => {
  it('a session made on A works on B, is refreshed on B, and signing out on B ends it on A', async () => {
    const signedIn = await signIn(urlA, ALICE.username, ALICE.password);
    expect(signedIn.status).toBe(200);
    const onA = cookiesOf(signedIn);
    const who = await whoami(urlB, onA.accessToken!);
    expect(who.status).toBe(200);
    expect(await who.json()).toMatchObject({ username: ALICE.username });

    const refreshed = await fetch(`${urlB}${P}/users/auth/refresh`, {
      headers: { cookie: `refreshToken=${onA.refreshToken}` },
    });
    expect(refreshed.status).toBe(200);
    const onB = cookiesOf(refreshed);
    expect((await whoami(urlA, onB.accessToken!)).status).toBe(200);

    const out = await fetch(`${urlB}${P}/users/signOut`, {
      method: 'POST',
      headers: { cookie: `accessToken=${onB.accessToken}; refreshToken=${onB.refreshToken}` },
    });
    expect(out.status).toBe(204);
    expect((await whoami(urlA, onB.accessToken!)).status).toBe(401);
    const again = await fetch(`${urlA}${P}/users/auth/refresh`, {
      headers: { cookie: `refreshToken=${onB.refreshToken}` },
    });
    expect(again.status).toBe(401);
  });

  it('failed sign-ins counted on both replicas lock the account on both', async () => {
    // Five failures, the per-user budget, alternating between the replicas.
    for (const base of [urlA, urlB, urlA, urlB, urlA])
      expect((await signIn(base, VICTIM.username, 'wrong password')).status).toBe(401);
    for (const base of [urlB, urlA]) {
      // Even the right password is refused now, on either replica.
      const refused = await signIn(base, VICTIM.username, VICTIM.password);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    // Per user, not per replica or address: another account still signs in on either.
    expect((await signIn(urlB, ALICE.username, ALICE.password)).status).toBe(200);
  });

  it('a list cached on B is not stale after a write on A (list_versions in PostgreSQL)', async () => {
    const { accessToken } = cookiesOf(await signIn(urlA, ALICE.username, ALICE.password));
    const names = async (base: string) => {
      const res = await fetch(`${base}${P}/catalogs/drafts`, { headers: { 'x-access-token': accessToken! } });
      expect(res.status).toBe(200);
      return ((await res.json()) as { name: string }[]).map((c) => c.name);
    };
    const before = await names(urlB);
    expect(await names(urlB)).toEqual(before); // now answered from B's cache
    const created = await fetch(`${urlA}${P}/catalogs/drafts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-access-token': accessToken! },
      body: JSON.stringify({ name: 'Written on A', startDate: '2030-01-01' }),
    });
    expect(created.status).toBe(201);
    expect(await names(urlB)).toEqual([...before, 'Written on A']);
  });
});
