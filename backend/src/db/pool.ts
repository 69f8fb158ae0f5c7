import pg from 'pg';
import type { Config } from '../config.js';

type DbConfig = Pick<Config, 'DB_HOST' | 'DB_PORT' | 'DB_NAME' | 'DB_USER' | 'DB_PASSWORD'>;

// BIGINT (int8) and NUMERIC stay strings by default in pg; counts come back as int8.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export function createPool(config: DbConfig, options: pg.PoolConfig = {}): pg.Pool {
  return new pg.Pool({
    host: config.DB_HOST,
    port: config.DB_PORT,
    database: config.DB_NAME,
    user: config.DB_USER,
    password: config.DB_PASSWORD,
    max: 10,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30000,
    application_name: 'status-backend',
    ...options,
  });
}
