// Turns route declarations (http/route.ts) into one dispatcher: a radix-tree lookup (find-my-way,
// Fastify's router) instead of Express's list of layers, then the same chain for every route:
// authenticate (reads the token, if any) → authorise (its `access`) → feature flag (its gate) →
// parse the JSON body → validate params, query and body → handler → answer. Paths that are not
// declared are not handled here (the app's 404 answers them, for everyone).
import type { Request, RequestHandler, Response } from 'express';
import FindMyWay from 'find-my-way';
import type { z } from 'zod';
import { RequestValidationError } from './validate.js';
import { JsonList, sendList } from './lists.js';
import { byPrecedence, decide, gateOf, type Route } from './route.js';
import { sendJson } from './send.js';

export interface DispatchOptions {
  /** Sets req.auth / req.authError from the request's token (features/auth/middleware.ts). */
  authenticate: (req: Request) => Promise<void>;
  /** Whether a feature flag (`/points`) is switched off (features/config/flags.ts). */
  isDisabled: (gate: string) => Promise<boolean>;
  /** Parses a JSON body (express.json()); only called for requests that may carry one. */
  parseBody: RequestHandler;
}

/** Handles a request when it is for a declared route: its promise says whether it was. */
export type Dispatcher = (req: Request, res: Response, path: string) => Promise<void> | undefined;

function parse<S extends z.ZodType>(
  schema: S | undefined,
  value: unknown,
  where: 'body' | 'query' | 'params',
): unknown {
  if (!schema) return value;
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const err = new RequestValidationError(r.error.issues);
  err.where = where;
  throw err;
}

function deny(req: Request, res: Response, decision: 'unauthenticated' | 'forbidden'): Promise<void> {
  if (decision === 'forbidden') return sendJson(req, res, 403, { message: 'Forbidden' });
  const err = req.authError;
  const message = !err ? 'No token provided' : err.code === 'expired' ? 'Token expired' : err.message;
  return sendJson(req, res, 401, err?.code === 'expired' ? { message, expired: true } : { message });
}

function bodyOf(req: Request, res: Response, parseBody: RequestHandler): Promise<void> {
  return new Promise((resolve, reject) => {
    parseBody(req, res, (err?: unknown) => (err ? reject(err) : resolve()));
  });
}

type Handler = (req: Request, res: Response, params: Record<string, string | undefined>) => Promise<void>;

function chainFor(r: Route, options: DispatchOptions, tail: string | undefined): Handler {
  const gate = gateOf(r);
  const mayHaveBody = r.method !== 'GET';
  return async (req, res, found) => {
    await options.authenticate(req);
    const decision = decide(r.access, req.auth?.role);
    if (decision !== 'allow') return deny(req, res, decision);
    if (gate && (await options.isDisabled(gate))) {
      return sendJson(req, res, 404, { message: 'Endpoint not available' });
    }
    if (mayHaveBody) await bodyOf(req, res, options.parseBody);
    // find-my-way names a tail `*`; the declaration names it (`/docs/*rest` → params.rest).
    const raw = tail ? { ...found, [tail]: found['*'] } : found;
    if (tail) delete raw['*'];
    req.params = raw as Record<string, string>;
    const params = parse(r.params, raw, 'params');
    const query = parse(r.query, req.query, 'query');
    const body = parse(r.body, req.body ?? {}, 'body');
    const result = await r.handler({ req, res, params, query, body, auth: req.auth });
    if (res.headersSent || res.writableEnded) return;
    if (result instanceof JsonList) return sendList(req, res, result);
    await sendJson(req, res, result === undefined ? 204 : (r.status ?? 200), result);
  };
}

/** The find-my-way spelling of a declared path (`/docs/*rest` → `/docs/*`) and its tail's name. */
function lookupPath(path: string): { path: string; tail: string | undefined } {
  const m = /\/\*([A-Za-z0-9_]+)$/.exec(path);
  return m ? { path: path.slice(0, m.index) + '/*', tail: m[1] } : { path, tail: undefined };
}

/** A dispatcher for every declared route; `path` is the request's path below the API prefix. */
export function createDispatcher(routes: readonly Route[], options: DispatchOptions): Dispatcher {
  // As Express did: case-insensitive paths, a trailing slash is ignored.
  const router = FindMyWay({ caseSensitive: false, ignoreTrailingSlash: true });
  const chains = new Map<string, Handler>();
  for (const r of [...routes].sort(byPrecedence)) {
    const key = `${r.method} ${r.path}`;
    if (chains.has(key)) throw new Error(`route declared twice: ${key}`);
    const { path, tail } = lookupPath(r.path);
    const chain = chainFor(r, options, tail);
    chains.set(key, chain);
    router.on(r.method, path, () => undefined, { chain });
    if (r.method === 'GET') router.on('HEAD', path, () => undefined, { chain });
  }
  return (req, res, path) => {
    const found = router.find(req.method as FindMyWay.HTTPMethod, path);
    if (!found) return undefined;
    const { chain } = found.store as { chain: Handler };
    return chain(req, res, found.params);
  };
}

/** The dispatcher as Express middleware under a prefix (tests that serve a few routes alone). */
export function dispatchMiddleware(routes: readonly Route[], options: DispatchOptions): RequestHandler {
  const dispatch = createDispatcher(routes, options);
  return (req, res, next) => {
    const handled = dispatch(req, res, req.path);
    if (!handled) return next();
    handled.catch(next);
  };
}
