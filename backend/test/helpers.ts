// createTestApp(): a fresh database per call (copied from the migrated template), the real app on
// an ephemeral port, and a small fetch-based client. Call close() in afterAll.
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { inject } from 'vitest';
import { pino } from 'pino';
import type pg from 'pg';
import { createApp, type AppDeps, type AppOptions } from '../src/app.js';
import { buildServices } from '../src/services.js';
import { loadConfig, type Config } from '../src/config.js';
import { createPool } from '../src/db/pool.js';
import { createRedis } from '../src/redis.js';
import type { ServicesInfo } from './services.js';

/** A complete, valid environment for the backend pointed at the test services. */
export function testEnv(
  info: ServicesInfo = inject('services'),
  database = info.postgres.database,
): Record<string, string> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.STATUS_TEST_LOG_LEVEL ?? 'silent',
    PORT: '0',
    CORS_ORIGINS: 'http://localhost:3000',
    DB_HOST: info.postgres.host,
    DB_PORT: String(info.postgres.port),
    DB_NAME: database,
    DB_USER: info.postgres.user,
    DB_PASSWORD: info.postgres.password,
    DRAGONFLY_HOST: info.redis.host,
    DRAGONFLY_PORT: String(info.redis.port),
    DRAGONFLY_PASSWORD: info.redis.password,
    JWT_SECRET: randomBytes(32).toString('base64url'),
    REFRESH_JWT_SECRET: randomBytes(32).toString('base64url'),
    SECRETS_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  };
}

/** CREATE DATABASE … TEMPLATE the migrated template; returns its name. */
export async function createTestDatabase(): Promise<string> {
  const info = inject('services');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = createPool(loadConfig(testEnv(info)), { max: 1 });
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('templateDb')}`);
        break;
      } catch (err) {
        // Two files copying the template at the same instant: "source database … is being accessed".
        if (attempt > 50 || !/being accessed/.test((err as Error).message)) throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } finally {
    await admin.end();
  }
  return name;
}

/** CREATE DATABASE without the migrations (a first start); returns its name. */
export async function createEmptyDatabase(): Promise<string> {
  const name = `e_${randomBytes(6).toString('hex')}`;
  const admin = createPool(loadConfig(testEnv()), { max: 1 });
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return name;
}

export interface TestApp {
  url: string;
  config: Config;
  /** The app's services (services.ts); tests may set `deps.clock` to move time. */
  deps: AppDeps;
  db: pg.Pool;
  database: string;
  fetch: (path: string, init?: RequestInit) => Promise<Response>;
  close: () => Promise<void>;
}

export async function createTestApp(
  options: {
    env?: Record<string, string>;
    extraRoutes?: AppOptions['extraRoutes'];
    logger?: AppDeps['logger'];
  } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({ ...testEnv(inject('services'), database), ...options.env });
  const db = createPool(config);
  const redis = createRedis(config);
  redis.on('error', () => undefined);
  await redis.connect().catch(() => undefined);
  const logger = options.logger ?? pino({ level: config.LOG_LEVEL });
  const deps: AppDeps = buildServices({ config, db, redis, logger });
  const app = createApp(deps, { extraRoutes: options.extraRoutes });
  const server: Server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    config,
    deps,
    db,
    database,
    fetch: (path, init) => fetch(url + path, init),
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      redis.disconnect();
      await db.end();
    },
  };
}

/** The cookies a response sets, by name (values as sent; cleared ones are empty). */
export function cookiesOf(res: Response): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(';');
    const eq = pair!.indexOf('=');
    out[pair!.slice(0, eq)] = pair!.slice(eq + 1);
  }
  return out;
}
