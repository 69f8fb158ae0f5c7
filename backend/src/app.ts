import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import cookieParser from 'cookie-parser';
import cors from 'cors';
import express, { type ErrorRequestHandler } from 'express';
import helmet from 'helmet';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { ZodError } from 'zod';
import type { Config } from './config.js';
import { HttpError } from './http/errors.js';
import { RequestValidationError, zodFieldErrors } from './http/validate.js';
import { mountFeatureRouters } from './routes.js';

export interface AppDeps {
  config: Config;
  db: pg.Pool;
  redis: Redis;
  logger: Logger;
  /** Milliseconds since the epoch; injectable for tests. */
  clock?: () => number;
  /** Extra routes mounted after the feature routers and before the 404 (tests only). */
  extraRoutes?: (app: express.Express, deps: AppDeps) => void;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const HEALTH_TIMEOUT_MS = 2000;

export function createApp(deps: AppDeps): express.Express {
  const { config, logger } = deps;
  const prefix = config.API_PREFIX;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');

  // Request id: taken from X-Request-Id when it is sane, otherwise generated; echoed back.
  app.use(
    pinoHttp({
      logger,
      genReqId: (req: IncomingMessage, res: ServerResponse) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      customLogLevel: (_req, res, err) =>
        err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
      autoLogging: { ignore: (req) => req.url === '/' },
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: req.url,
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.use(helmet());
  // Every answer is per user and per moment (sessions, refreshed cookies): no browser or proxy may
  // keep or revalidate one. Without this, Chromium revalidated GET /users/auth/refresh with its ETag.
  app.set('etag', false);
  app.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.use(
    cors({
      origin: (origin, cb) => cb(null, !origin || config.CORS_ORIGINS.includes(origin)),
      credentials: true,
      allowedHeaders: ['Content-Type', 'Authorization', 'x-access-token', 'X-Request-Id'],
      exposedHeaders: ['X-Request-Id'],
    }),
  );
  app.use(cookieParser());
  app.use(express.json({ limit: '1mb' }));

  // The stack's health check (and the original's greeting).
  app.get('/', (_req, res) => {
    res.json({ message: 'Welcome to the API!' });
  });

  app.get(`${prefix}/health`, async (_req, res) => {
    const [postgres, redis] = await Promise.all([
      check(() => deps.db.query('SELECT 1')),
      check(async () => {
        if (deps.redis.status !== 'ready' && deps.redis.status !== 'wait')
          throw new Error(`redis ${deps.redis.status}`);
        await deps.redis.ping();
      }),
    ]);
    const ok = postgres === 'ok' && redis === 'ok';
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', postgres, redis });
  });

  mountFeatureRouters(app, deps);
  deps.extraRoutes?.(app, deps);

  app.use((req, res) => {
    res.status(404).json({ message: `No route ${req.method} ${req.path}` });
  });
  app.use(errorHandler(logger));
  return app;
}

async function check(probe: () => Promise<unknown>): Promise<'ok' | 'down'> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), HEALTH_TIMEOUT_MS);
      }),
    ]);
    return 'ok';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}

function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err);
    if (err instanceof ZodError) {
      const where = err instanceof RequestValidationError ? ` ${err.where}` : '';
      res.status(400).json({ message: `Invalid request${where}`, errors: zodFieldErrors(err) });
      return;
    }
    if (err instanceof HttpError) {
      res
        .status(err.status)
        .json(err.errors ? { message: err.message, errors: err.errors } : { message: err.message });
      return;
    }
    // body-parser errors (malformed JSON, body too large, bad charset) carry a 4xx status.
    const e = err as { status?: unknown; type?: unknown; expose?: unknown } | null;
    if (e && typeof e.status === 'number' && e.status >= 400 && e.status < 500 && e.expose) {
      const message =
        e.type === 'entity.parse.failed'
          ? 'Malformed JSON body'
          : e.type === 'entity.too.large'
            ? 'Request body too large'
            : 'Bad request';
      res.status(e.status).json({ message });
      return;
    }
    const requestId = String(req.id ?? '');
    (req.log ?? logger).error({ err, requestId }, 'unhandled error');
    res.status(500).json({ message: 'Internal error', requestId });
  };
}
