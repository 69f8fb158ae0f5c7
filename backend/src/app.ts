// The HTTP application: a few cheap, global steps (request id and access log, security headers,
// CORS), then every declared route (routes.ts → http/mount.ts: one radix-tree lookup) under the API
// prefix; what is not declared goes on to Express's own stack (tests' extra routes, the 404, the
// error handler). Built from the services of the composition root (services.ts).
import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse, type Server } from 'node:http';
import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import type { Logger } from 'pino';
import { ZodError } from 'zod';
import { HttpError, postgresUnavailableReason } from './http/errors.js';
import { sendJson } from './http/send.js';
import { RequestValidationError, zodFieldErrors } from './http/validate.js';
import { apiDispatcher } from './routes.js';
import type { AppServices } from './services.js';

declare module 'node:http' {
  interface IncomingMessage {
    /** The request id (X-Request-Id), echoed back and in every log line about the request. */
    id?: string;
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
// own CSP; `frame-ancestors` is what X-Frame-Options did, and a JSON answer never navigates, so a
// Referrer-Policy would say nothing). Every answer is per user and per moment, so no browser or
// proxy may keep one (Chromium revalidated GET /users/auth/refresh with its ETag before this).
// Four headers, not helmet's dozen: each costs on every answer (issue 12 measured 1 kB of headers).
const BASE_HEADERS: [string, string][] = [
  ['X-Content-Type-Options', 'nosniff'],
  ['Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'"],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Cache-Control', 'no-store'],
];

// Request ids: this process's random prefix and a counter — unique enough to follow one request
// through the logs, without a random UUID per request.
const ID_PREFIX = randomBytes(4).toString('hex');
let requestCount = 0;
const nextRequestId = () => `${ID_PREFIX}-${(++requestCount).toString(36)}`;

/** Request id, security headers, and one access-log line per request (not for `GET /`). */
function requestBasics(logger: Logger): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const given = req.headers['x-request-id'];
    const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : nextRequestId();
    req.id = id;
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
            req: { method: req.method, url: req.url },
            res: { statusCode: status },
            responseTime: Math.round(performance.now() - started),
          },
          'request completed',
        );
      });
    }
  };
}

const CORS_ALLOWED_HEADERS = 'Content-Type, Authorization, x-access-token, X-Request-Id';
const CORS_EXPOSED_HEADERS = 'X-Request-Id, X-Total-Count, Link';

/** CORS with credentials for the configured origins only. Answers preflights (returns true then). */
function cors(origins: readonly string[]): (req: IncomingMessage, res: ServerResponse) => boolean {
  const allowed = new Set(origins);
  return (req, res) => {
    const origin = req.headers.origin;
    if (!origin) return false;
    res.setHeader('Vary', 'Origin');
    if (!allowed.has(origin)) {
      if (req.method !== 'OPTIONS') return false;
      res.statusCode = 204;
      res.end();
      return true;
    }
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    res.setHeader('Access-Control-Expose-Headers', CORS_EXPOSED_HEADERS);
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
      res.setHeader('Access-Control-Allow-Methods', 'GET,HEAD,PUT,PATCH,POST,DELETE');
      res.setHeader('Access-Control-Allow-Headers', CORS_ALLOWED_HEADERS);
      res.setHeader('Access-Control-Max-Age', '600');
      res.statusCode = 204;
      res.end();
      return true;
    }
    return false;
  };
}

/** JSON bodies; GET and HEAD never carry one, so they skip the parser entirely. */
function jsonBodies(parse: RequestHandler): RequestHandler {
  return (req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD') return next();
    parse(req, res, next);
  };
}

const GREETING = { message: 'Welcome to the API!' };

export function createApp(services: AppServices, options: AppOptions = {}): express.Express {
  const { config, logger } = services;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');
  const basics = requestBasics(logger);
  const preflight = cors(config.CORS_ORIGINS);
  const parseBody = express.json({ limit: '1mb' });
  const dispatch = apiDispatcher(services, parseBody);
  const fail = errorHandler(logger);
  const prefix = config.API_PREFIX;

  // Not declared routes: Express's own stack (tests' extra routes, then the 404 and the errors).
  app.use(jsonBodies(parseBody));
  options.extraRoutes?.(app, services);
  app.use((req, res) => {
    res.status(404).json({ message: `No route ${req.method} ${req.path}` });
  });
  app.use(fail);

  // Express's entry point (`app(req, res)` calls it; untyped in @types/express).
  const entry = app as unknown as { handle: (req: Request, res: Response, done?: unknown) => void };
  const fallback = entry.handle.bind(app);
  // Requests and responses born with Express's methods (app.listen below), so that a request does
  // not pay for changing its prototype, as Express's own handle makes every request do.
  class AppRequest extends IncomingMessage {}
  class AppResponse extends ServerResponse {}
  Object.setPrototypeOf(AppRequest.prototype, app.request);
  Object.setPrototypeOf(AppResponse.prototype, app.response);
  app.listen = ((...args: Parameters<Server['listen']>) =>
    createServer({ IncomingMessage: AppRequest, ServerResponse: AppResponse }, app).listen(
      ...args,
    )) as typeof app.listen;

  entry.handle = (req, res, done) => {
    // What Express's handle does first: its request and response methods for the handlers.
    req.res = res;
    res.req = req;
    if (!(req instanceof AppRequest)) Object.setPrototypeOf(req, app.request);
    if (!(res instanceof AppResponse)) Object.setPrototypeOf(res, app.response);
    res.locals ??= Object.create(null) as Record<string, unknown>;
    basics(req, res);
    if (preflight(req, res)) return;
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const onError = (err: unknown) => fail(err, req, res, () => res.destroy());
    // The stack's health check (and the original's greeting).
    if (path === '/' && (req.method === 'GET' || req.method === 'HEAD')) {
      sendJson(req, res, 200, GREETING).catch(onError);
      return;
    }
    if (path.startsWith(prefix) && (path.length === prefix.length || path[prefix.length] === '/')) {
      req.originalUrl = url;
      const handled = dispatch(req, res, path.slice(prefix.length) || '/');
      if (handled) {
        handled.catch(onError);
        return;
      }
    }
    fallback(req, res, done);
  };
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
    const dbDown = postgresUnavailableReason(err);
    if (dbDown !== undefined) {
      // 503, not 500: the database is away (killed, restarting), not the API broken.
      logger.warn({ requestId, reason: dbDown }, 'PostgreSQL is not reachable');
      res
        .status(503)
        .setHeader('Retry-After', '5')
        .json({
          message: `PostgreSQL is not reachable (${dbDown}): start it from STATUS Desktop or check its logs, then try again`,
          requestId,
        });
      return;
    }
    logger.error({ err, requestId }, 'unhandled error');
    res.status(500).json({ message: 'Internal error', requestId });
  };
}
