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
    // How long a query may wait for a connection (a free one of the 10, or a new one). It is wall-
    // clock time: after the event loop was blocked (bcrypt on the main thread did that), the timer
    // fires as soon as the loop frees up, before the connection that arrived meanwhile is read, and
    // under load queries also queue for the 10 clients. 5 s turned such stalls into "timeout
    // exceeded when trying to connect" and 500s; 10 s leaves room for load, and a database that is
    // down or unreachable still fails clearly, within 10 s.
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30000,
    application_name: 'status-backend',
    ...options,
  });
}
