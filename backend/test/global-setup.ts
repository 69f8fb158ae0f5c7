// vitest globalSetup: one PostgreSQL and one Redis for the whole run; a template database with the
// migrations applied, copied per test file by createTestApp().
import type { TestProject } from 'vitest/node';
import { migrate } from '../src/db/migrate.js';
import { createPool } from '../src/db/pool.js';
import { startServices, type ServicesInfo } from './services.js';

export const TEMPLATE_DB = 'status_template';

declare module 'vitest' {
  export interface ProvidedContext {
    services: ServicesInfo;
    templateDb: string;
  }
}

export default async function setup(project: TestProject) {
  const services = await startServices();
  const { postgres } = services.info;
  try {
    const admin = createPool(dbEnv(services.info, postgres.database), { max: 1 });
    await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
    await admin.end();
    const tpl = createPool(dbEnv(services.info, TEMPLATE_DB), { max: 1 });
    await migrate(tpl);
    await tpl.end();
  } catch (err) {
    await services.stop();
    throw err;
  }
  project.provide('services', services.info);
  project.provide('templateDb', TEMPLATE_DB);
  return async () => {
    await services.stop();
  };
}

export function dbEnv(info: ServicesInfo, database: string) {
  return {
    DB_HOST: info.postgres.host,
    DB_PORT: info.postgres.port,
    DB_NAME: database,
    DB_USER: info.postgres.user,
    DB_PASSWORD: info.postgres.password,
  };
}
