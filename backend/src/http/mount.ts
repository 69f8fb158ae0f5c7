// Turns route declarations (http/route.ts) into Express routes. Every route gets the same chain:
// authenticate (reads the token, if any) → authorise (its `access`) → feature flag (its gate) →
// validate params, query and body → handler → answer. Paths not declared fall through to the
// app's 404, for everyone.
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';
import { RequestValidationError } from './validate.js';
import { JsonList, sendList } from './lists.js';
import { byPrecedence, decide, gateOf, type Route } from './route.js';
import { sendJson } from './send.js';

export interface MountOptions {
  /** Sets req.auth / req.authError from the request's token (features/auth/middleware.ts). */
  authenticate: RequestHandler;
  /** Whether a feature flag (`/points`) is switched off (features/config/flags.ts). */
  isDisabled: (gate: string) => Promise<boolean>;
}

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

function deny(req: Request, res: Response, decision: 'unauthenticated' | 'forbidden'): void {
  if (decision === 'forbidden') {
    res.status(403).json({ message: 'Forbidden' });
    return;
  }
  const err = req.authError;
  const message = !err ? 'No token provided' : err.code === 'expired' ? 'Token expired' : err.message;
  res.status(401).json(err?.code === 'expired' ? { message, expired: true } : { message });
}

function handlerFor(r: Route, options: MountOptions): RequestHandler {
  const gate = gateOf(r);
  return async (req, res) => {
    const decision = decide(r.access, req.auth?.role);
    if (decision !== 'allow') return deny(req, res, decision);
    if (gate && (await options.isDisabled(gate))) {
      res.status(404).json({ message: 'Endpoint not available' });
      return;
    }
    const params = parse(r.params, req.params, 'params');
    const query = parse(r.query, req.query, 'query');
    const body = parse(r.body, req.body ?? {}, 'body');
    const result = await r.handler({ req, res, params, query, body, auth: req.auth });
    if (res.headersSent || res.writableEnded) return;
    if (result instanceof JsonList) return sendList(req, res, result);
    await sendJson(req, res, result === undefined ? 204 : (r.status ?? 200), result);
  };
}

/** A router (to mount on the API prefix) serving every declared route. */
export function mountRoutes(routes: readonly Route[], options: MountOptions): Router {
  const router = Router();
  const seen = new Set<string>();
  for (const r of [...routes].sort(byPrecedence)) {
    const key = `${r.method} ${r.path}`;
    if (seen.has(key)) throw new Error(`route declared twice: ${key}`);
    seen.add(key);
    const method = r.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
    router[method](r.path, options.authenticate, handlerFor(r, options));
  }
  return router;
}
