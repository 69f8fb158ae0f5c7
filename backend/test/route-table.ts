// The app's route table without a server: services built over inert stand-ins for PostgreSQL and
// Redis (route factories only construct repositories and clients; nothing connects).
import type { Redis } from 'ioredis';
import type pg from 'pg';
import { pino } from 'pino';
import { loadConfig } from '../src/config.js';
import type { Route } from '../src/http/route.js';
import { routeTable } from '../src/routes.js';
import { buildServices } from '../src/services.js';
import { testEnv } from './helpers.js';

export function offlineRouteTable(): Route[] {
  const services = buildServices({
    config: loadConfig(testEnv()),
    db: {} as pg.Pool,
    redis: {} as Redis,
    logger: pino({ level: 'silent' }),
  });
  return routeTable(services);
}
