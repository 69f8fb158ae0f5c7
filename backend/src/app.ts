// The HTTP application: a few cheap, global steps (request id and access log, security headers,
// CORS, JSON bodies), then every declared route (routes.ts → http/mount.ts) under the API prefix,
// then 404 and the error handler. Built from the services of the composition root (services.ts).
import { randomUUID } from 'node:crypto';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import { ZodError } from 'zod';
import { HttpError } from './http/errors.js';
import { sendJson } from './http/send.js';
import { RequestValidationError, zodFieldErrors } from './http/validate.js';
import { apiRouter } from './routes.js';
import type { AppServices } from './services.js';

declare module 'node:http' {
  interface IncomingMessage {
    /** The request id (X-Request-Id), echoed back and in every log line about the request. */
    id?: string;
    /** The app's logger (log with `{ requestId: req.id }`). */
    log?: Logger;
  }
}

/** The services of the app (services.ts), as tests and route factories receive them. */
export type AppDeps = AppServices;

export interface AppOptions {
  /** Extra Express routes mounted after the API and before the 404 (tests only). */
  extraRoutes?: (app: express.Express, services: AppServices) => void;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

// Answers are JSON for programs: no scripts, frames or embedding anywhere (the docs page sets its
// own CSP). Every answer is per user and per moment, so no browser or proxy may keep one (Chromium
// revalidated GET /users/auth/refresh with its ETag before this).
const BASE_HEADERS: [string, string][] = [
  ['X-Content-Type-Options', 'nosniff'],
  ['Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'"],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Referrer-Policy', 'no-referrer'],
  ['X-Frame-Options', 'DENY'],
  ['Cache-Control', 'no-store'],
];

/** Request id, security headers, and one access-log line per request (not for `GET /`). */
function requestBasics(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const given = req.headers['x-request-id'];
    const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    req.id = id;
    req.log = logger;
    res.setHeader('X-Request-Id', id);
    for (const [name, value] of BASE_HEADERS) res.setHeader(name, value);
    if (req.url !== '/' && logger.isLevelEnabled('warn')) {
      const started = performance.now();
      res.once('finish', () => {
        const status = res.statusCode;
        const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
        if (!logger.isLevelEnabled(level)) return;
        logger[level](
          {
            requestId: id,
            req: { method: req.method, url: req.originalUrl },
            res: { statusCode: status },
            responseTime: Math.round(performance.now() - started),
          },
          'request completed',
        );
      });
    }
    next();
  };
}

const CORS_ALLOWED_HEADERS = 'Content-Type, Authorization, x-access-token, X-Request-Id';
const CORS_EXPOSED_HEADERS = 'X-Request-Id, X-Total-Count, Link';

/** CORS with credentials for the configured origins only; preflights answered here. */
function cors(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (!origin) return next();
    res.setHeader('Vary', 'Origin');
    if (!allowed.has(origin)) {
      if (req.method === 'OPTIONS') return void res.status(204).end();
      return next();
    }
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    res.setHeader('Access-Control-Expose-Headers', CORS_EXPOSED_HEADERS);
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
      res.setHeader('Access-Control-Allow-Methods', 'GET,HEAD,PUT,PATCH,POST,DELETE');
      res.setHeader('Access-Control-Allow-Headers', CORS_ALLOWED_HEADERS);
      res.setHeader('Access-Control-Max-Age', '600');
      res.status(204).end();
      return;
    }
    next();
  };
}

/** JSON bodies; GET and HEAD never carry one, so they skip the parser entirely. */
function jsonBodies(): RequestHandler {
  const parse = express.json({ limit: '1mb' });
  return (req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD') return next();
    parse(req, res, next);
  };
}

export function createApp(services: AppServices, options: AppOptions = {}): express.Express {
  const { config, logger } = services;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');
  app.use(requestBasics(logger));
  app.use(cors(config.CORS_ORIGINS));
  app.use(jsonBodies());

  // The stack's health check (and the original's greeting).
  app.get('/', (req, res) => sendJson(req, res, 200, { message: 'Welcome to the API!' }));

  app.use(config.API_PREFIX, apiRouter(services));
  options.extraRoutes?.(app, services);

  app.use((req, res) => {
    res.status(404).json({ message: `No route ${req.method} ${req.path}` });
  });
  app.use(errorHandler(logger));
  return app;
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
    logger.error({ err, requestId }, 'unhandled error');
    res.status(500).json({ message: 'Internal error', requestId });
  };
}
