// The entry point, and the owner of every lifetime: config → PostgreSQL pool → wait for PostgreSQL
// (a Swarm starts the backend without waiting for it) → migrations → first
// admin → sample catalog (first start only) → Redis → services (services.ts) → HTTP server and
// control scheduler. SIGTERM/SIGINT: stop accepting, stop the scheduler (waiting for a run in
// progress), let in-flight requests finish, close Redis and the pool, exit 0.
import type { Server } from 'node:http';
import { pathToFileURL } from 'node:url';
import type { Logger } from 'pino';
import { createApp, type AppOptions } from './app.js';
import { bootstrapAdmin } from './bootstrap.js';
import { ConfigError, loadConfig } from './config.js';
import { migrate } from './db/migrate.js';
import { createPool } from './db/pool.js';
import { waitForDatabase } from './db/wait-for-database.js';
import { createLogger } from './logger.js';
import { seedGettingStartedCatalog } from './features/catalogs/getting-started.js';
import { closePasswordWorkers, warmUpPasswords } from './features/auth/passwords.js';
import { startControlScheduler } from './features/runs/scheduler.js';
import { buildServices } from './services.js';
import { createRedis } from './redis.js';

/** How long in-flight requests get after a stop signal before connections are cut. */
const SHUTDOWN_GRACE_MS = 10_000;

export interface StartOptions {
  env?: NodeJS.ProcessEnv;
  extraRoutes?: AppOptions['extraRoutes'];
}

export interface Running {
  server: Server;
  logger: Logger;
  shutdown: (signal: string) => Promise<void>;
}

export async function start(options: StartOptions = {}): Promise<Running> {
  const config = loadConfig(options.env ?? process.env);
  const logger = createLogger(config);
  const db = createPool(config);
  db.on('error', (err) => logger.error({ err }, 'idle PostgreSQL client error'));
  const redis = createRedis(config);
  redis.on('error', (err) => logger.warn({ err: err.message }, 'redis error'));
  try {
    await waitForDatabase(config, { deadlineMs: config.STATUS_DB_WAIT_SECONDS * 1000, logger });
    const { applied } = await migrate(db, { logger });
    logger.info({ applied }, 'database schema up to date');
    await bootstrapAdmin(db, config, logger);
    if (config.STATUS_SAMPLE_CATALOG)
      // Not fatal: a platform without the sample catalog still works; the next start tries again.
      await seedGettingStartedCatalog(db, { logger }).catch((err: Error) =>
        logger.warn({ err: err.message }, 'could not create the "Getting started" catalog'),
      );
    await redis.connect().catch((err: Error) => {
      // Not fatal: ioredis keeps reconnecting and /health reports redis: "down" meanwhile.
      logger.warn({ err: err.message }, 'redis not reachable yet');
    });
  } catch (err) {
    redis.disconnect();
    await db.end().catch(() => undefined);
    throw err;
  }
  const services = buildServices({ config, db, redis, logger });
  const app = createApp(services, { extraRoutes: options.extraRoutes });
  const scheduler = startControlScheduler(services); // runs finalized controls on their period
  const server = app.listen(config.PORT);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  logger.info({ port: config.PORT, prefix: config.API_PREFIX }, 'status-backend listening');
  // The unknown-user comparison hash, made now (in a worker) rather than by the first sign-in.
  warmUpPasswords().catch((err: Error) => logger.warn({ err: err.message }, 'password warm-up failed'));

  let stopping: Promise<void> | undefined;
  const shutdown = (signal: string) =>
    (stopping ??= (async () => {
      logger.info({ signal }, 'shutting down: finishing in-flight requests');
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
      force.unref();
      await Promise.all([closed, scheduler.stop()]);
      clearTimeout(force);
      await Promise.allSettled([db.end(), redis.quit(), closePasswordWorkers()]);
      logger.info('stopped');
    })());
  return { server, logger, shutdown };
}

/** Runs the server as a process: signals, exit codes, one clear error on bad configuration. */
export async function main(options: StartOptions = {}): Promise<void> {
  let running: Running;
  try {
    running = await start(options);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
    } else {
      process.stderr.write(
        `${JSON.stringify({ level: 'fatal', msg: 'status-backend failed to start', err: String((err as Error)?.message ?? err) })}\n`,
      );
    }
    process.exit(1);
  }
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      running.shutdown(signal).then(
        () => process.exit(0),
        (err: unknown) => {
          running.logger.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void main();
}
