import { Redis } from 'ioredis';
import type { Config } from './config.js';

type RedisConfig = Pick<Config, 'DRAGONFLY_HOST' | 'DRAGONFLY_PORT' | 'DRAGONFLY_PASSWORD'>;

/** Reconnect delay: 100 ms, 200 ms, … capped at 5 s; ioredis keeps retrying for ever. */
export const retryDelay = (times: number): number => Math.min(times * 100, 5000);

/**
 * An ioredis client for Dragonfly (or Redis). Lazy: nothing connects until `connect()` or the
 * first command. Commands fail after one retry instead of queueing for ever while the store is down.
 */
export function createRedis(config: RedisConfig): Redis {
  return new Redis({
    host: config.DRAGONFLY_HOST,
    port: config.DRAGONFLY_PORT,
    password: config.DRAGONFLY_PASSWORD,
    lazyConnect: true,
    connectTimeout: 5000,
    maxRetriesPerRequest: 1,
    retryStrategy: retryDelay,
  });
}
