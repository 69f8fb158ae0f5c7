// /api/v1/nodered: a Node-RED admin token for DEVELOPER and ADMIN users (the original hands one out
// at sign-in, §2.8), the deployed flows, and /verify: whom a Node-RED editor token (the nodeRedToken
// cookie set at sign-in and refresh) belongs to, asked by Node-RED's adminAuth.tokens hook
// (stack/node-red/status-auth.js). Access: policy table (auth/policy.ts) plus requireRole.
import { Router, type RequestHandler } from 'express';
import type { AppDeps } from '../../app.js';
import { HttpError } from '../../http/errors.js';
import { NODE_RED_COOKIE, nodeRedCookieOptions } from '../auth/cookies.js';
import { authServices } from '../auth/index.js';
import { requireRole } from '../auth/middleware.js';
import { TokenError } from '../auth/tokens.js';
import { NodeRedClient, NodeRedError } from './client.js';

const clients = new WeakMap<AppDeps, NodeRedClient>();

/** The Node-RED client of an app instance (one per deps object). */
export function nodeRedClient(deps: AppDeps): NodeRedClient {
  let c = clients.get(deps);
  if (!c) {
    c = NodeRedClient.fromConfig(deps.config);
    clients.set(deps, c);
  }
  return c;
}

function upstream(err: unknown): never {
  if (err instanceof NodeRedError) throw new HttpError(502, err.message);
  throw err;
}

export function noderedRouter(deps: AppDeps): Router {
  const router = Router();
  const guard = requireRole('ADMIN', 'DEVELOPER');
  // Without admin credentials there is no token to hand out (404, not a 5xx: nothing is broken).
  const configured: RequestHandler = (_req, _res, next) => {
    if (!deps.config.NODE_RED_ADMIN_USER || !deps.config.NODE_RED_ADMIN_PASSWORD)
      throw new HttpError(
        404,
        'Node-RED admin access is not configured (NODE_RED_ADMIN_USER / NODE_RED_ADMIN_PASSWORD)',
      );
    next();
  };

  // Sets the nodeRedToken cookie (httpOnly, as our other cookies) and returns the token.
  router.get('/token', guard, configured, async (req, res) => {
    const t = await nodeRedClient(deps).adminToken().catch(upstream);
    res.cookie(NODE_RED_COOKIE, t.access_token, nodeRedCookieOptions(req, t.expires_in));
    res.json({ nodeRedToken: t.access_token, expiresIn: t.expires_in });
  });

  // Public in the policy table: the token it checks is the credential. Only a Node-RED editor token
  // is accepted (an access token is not: the editor token is what sign-out and role changes end).
  router.get('/verify', async (req, res) => {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    if (!m) throw new HttpError(401, 'No token provided: send Authorization: Bearer <nodeRedToken>');
    try {
      const c = await authServices(deps).tokens.verifyNodeRed(m[1]!);
      res.setHeader('Cache-Control', 'no-store');
      res.json({ username: c.username, role: c.role });
    } catch (err) {
      if (err instanceof TokenError) throw new HttpError(401, err.message);
      throw err;
    }
  });

  router.get('/flows', guard, configured, async (_req, res) => {
    const flows = await nodeRedClient(deps).listFlows().catch(upstream);
    res.json(flows);
  });

  return router;
}
