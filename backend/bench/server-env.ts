// The environment of a status-backend the benches start on loopback over the test services
// (PostgreSQL and Redis from test/services.ts): fresh secrets, the bench's admin, plain HTTP.
import { randomBytes } from 'node:crypto';
import type { Services } from '../test/services.js';

export function benchServerEnv(
  services: Services,
  o: { port: number; admin: string; password: string },
): Record<string, string> {
  const { postgres: pgi, redis } = services.info;
  return {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    PORT: String(o.port),
    DB_HOST: pgi.host,
    DB_PORT: String(pgi.port),
    DB_NAME: pgi.database,
    DB_USER: pgi.user,
    DB_PASSWORD: pgi.password,
    DRAGONFLY_HOST: redis.host,
    DRAGONFLY_PORT: String(redis.port),
    DRAGONFLY_PASSWORD: redis.password,
    JWT_SECRET: randomBytes(32).toString('base64url'),
    REFRESH_JWT_SECRET: randomBytes(32).toString('base64url'),
    SECRETS_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    STATUS_ADMIN_USERNAME: o.admin,
    STATUS_ADMIN_PASSWORD: o.password,
    PUBLIC_URL: `http://127.0.0.1:${o.port}`,
  };
}
