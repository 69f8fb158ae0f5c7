// /api/v1/nodered: a Node-RED admin token for DEVELOPER and ADMIN users (the original hands one out
// at sign-in, §2.8), the deployed flows, and /verify: whom a Node-RED editor token (the nodeRedToken
// cookie set at sign-in and refresh) belongs to, asked by Node-RED's adminAuth.tokens hook
// (stack/node-red/status-auth.js). Node-RED not answering is the client's ServiceUnavailableError
// (503 naming it), passed on as it is; Node-RED answering badly is a 502.
import { z } from 'zod';
import { HttpError } from '../../http/errors.js';
import { route, WRITERS, type Route } from '../../http/route.js';
import type { AppServices } from '../../services.js';
import { NODE_RED_COOKIE, nodeRedCookieOptions } from '../auth/cookies.js';
import { ROLES, TokenError } from '../auth/tokens.js';
import { NodeRedError } from './client.js';

/** A Node-RED error answer → 502; anything else (the 503 of an absent Node-RED included) unchanged. */
function upstream(err: unknown): never {
  if (err instanceof NodeRedError) throw new HttpError(502, err.message);
  throw err;
}

export function noderedRoutes(s: Pick<AppServices, 'config' | 'nodeRed' | 'tokens'>): Route[] {
  // Without admin credentials there is no token to hand out (404, not a 5xx: nothing is broken).
  const configured = () => {
    if (!s.config.NODE_RED_ADMIN_USER || !s.config.NODE_RED_ADMIN_PASSWORD)
      throw new HttpError(
        404,
        'Node-RED admin access is not configured (NODE_RED_ADMIN_USER / NODE_RED_ADMIN_PASSWORD)',
      );
  };

  return [
    route({
      method: 'GET',
      path: '/nodered/token',
      access: WRITERS,
      summary:
        'A Node-RED admin token (ADMIN, DEVELOPER); also set as the nodeRedToken cookie on /node-red. 503 when Node-RED is not reachable',
      response: z.object({ nodeRedToken: z.string(), expiresIn: z.number() }),
      handler: async ({ req, res }) => {
        configured();
        const t = await s.nodeRed.adminToken().catch(upstream);
        res.cookie(NODE_RED_COOKIE, t.access_token, nodeRedCookieOptions(req, t.expires_in));
        return { nodeRedToken: t.access_token, expiresIn: t.expires_in };
      },
    }),
    route({
      method: 'GET',
      path: '/nodered/flows',
      access: WRITERS,
      summary: 'The deployed Node-RED flows (ADMIN, DEVELOPER); 503 when Node-RED is not reachable',
      handler: async () => {
        configured();
        return s.nodeRed.listFlows().catch(upstream);
      },
    }),
    // Public: the token it checks is the credential. Only a Node-RED editor token is accepted (an
    // access token is not: the editor token is what sign-out and role changes end).
    route({
      method: 'GET',
      path: '/nodered/verify',
      access: 'public',
      summary:
        "Whom a Node-RED editor token (Authorization: Bearer <nodeRedToken cookie>) belongs to: { username, role }; 401 when invalid, expired or its session ended. Asked by Node-RED's adminAuth.tokens hook",
      response: z.object({ username: z.string(), role: z.enum(ROLES) }),
      handler: async ({ req, res }) => {
        const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
        if (!m) throw new HttpError(401, 'No token provided: send Authorization: Bearer <nodeRedToken>');
        try {
          const c = await s.tokens.verifyNodeRed(m[1]!);
          res.setHeader('Cache-Control', 'no-store');
          return { username: c.username, role: c.role };
        } catch (err) {
          if (err instanceof TokenError) throw new HttpError(401, err.message);
          throw err;
        }
      },
    }),
  ];
}
