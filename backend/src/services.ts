// The composition root: every service of one backend instance is built here, once, and handed to
// the features' route tables (routes.ts) and to the server (server.ts), which owns their lifetimes.
// No feature keeps a module-level cache of its own; a test builds its own instance.
import OpenAI from 'openai';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { SignInRateLimiter } from './features/auth/rate-limit.js';
import { SecretBox } from './features/auth/secret-box.js';
import { TokenService } from './features/auth/tokens.js';
import { FlagCache } from './features/config/flags.js';
import { GrafanaClient } from './features/grafana/client.js';
import { NodeRedClient } from './features/nodered/client.js';
import { RegistryClient } from './features/registry/client.js';
import { ListCache } from './http/list-cache.js';

/** What the process provides: configuration and the two stores the API cannot run without. */
export interface Infrastructure {
  config: Config;
  db: pg.Pool;
  redis: Redis;
  logger: Logger;
  /** Milliseconds since the epoch; injectable for tests (read at every call). */
  clock?: () => number;
}

export interface AppServices extends Infrastructure {
  /** Now, in milliseconds: the injected `clock` when a test set one (even after the build). */
  now: () => number;
  tokens: TokenService;
  limiter: SignInRateLimiter;
  secretBox: SecretBox;
  flags: FlagCache;
  grafana: GrafanaClient;
  nodeRed: NodeRedClient;
  registry: RegistryClient;
  /** Undefined when the assistant is not configured (AI_API_KEY). */
  openai: OpenAI | undefined;
  /** Answers of read-mostly lists, checked against list_versions on every request. */
  listCache: ListCache;
}

export function buildServices(infra: Infrastructure): AppServices {
  const { config } = infra;
  // Reads `services.clock` on every call, so a test can move time after the app was built.
  const now = () => (services.clock ?? Date.now)();
  const clock = now;
  const services: AppServices = {
    ...infra,
    now,
    tokens: new TokenService({
      redis: infra.redis,
      jwtSecret: config.JWT_SECRET,
      refreshJwtSecret: config.REFRESH_JWT_SECRET,
      clock,
    }),
    limiter: new SignInRateLimiter({ redis: infra.redis, clock }),
    secretBox: new SecretBox(config.SECRETS_ENCRYPTION_KEY),
    flags: new FlagCache(infra.db, config.API_PREFIX),
    listCache: new ListCache(infra.db),
    grafana: GrafanaClient.fromConfig(config),
    nodeRed: NodeRedClient.fromConfig(config),
    registry: new RegistryClient(config.REGISTRY_URL ?? 'http://localhost:5400'),
    openai: config.AI_API_KEY
      ? new OpenAI({
          apiKey: config.AI_API_KEY,
          organization: config.AI_ORG_ID ?? null,
          baseURL: config.AI_BASE_URL ?? undefined,
          timeout: 20_000,
          maxRetries: 1,
        })
      : undefined,
  };
  return services;
}
