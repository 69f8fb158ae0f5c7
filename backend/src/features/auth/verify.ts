// GET /api/v1/auth/verify: whom does this request's STATUS session belong to? Asked by the reverse
// proxy for every request to /grafana/ (nginx auth_request, stack/proxy/default.conf), which passes
// the answer to Grafana's auth proxy in headers, and by Node-RED's sign-in. It runs on every Grafana
// request, so it stays cheap: the access token's signature plus one Redis GET (its session not
// signed out); no database. The token is read like everywhere else (cookie, x-access-token, Bearer).
import type { RequestHandler } from 'express';
import { extractAccessToken } from './middleware.js';
import { TokenError, type Role, type TokenService } from './tokens.js';

/** Grafana's organisation roles (its auth proxy's Role header). */
export type GrafanaRole = 'Admin' | 'Editor' | 'Viewer';

const GRAFANA_ROLES: Record<Role, GrafanaRole> = {
  ADMIN: 'Admin',
  DEVELOPER: 'Editor',
  USER: 'Viewer',
};

/** STATUS ADMIN → Grafana Admin, DEVELOPER → Editor, USER → Viewer. */
export function grafanaRole(role: Role): GrafanaRole {
  return GRAFANA_ROLES[role];
}

/** The response headers nginx's auth_request_set reads (stack/proxy/default.conf). */
export const VERIFY_HEADERS = {
  user: 'X-Status-User',
  email: 'X-Status-Email',
  role: 'X-Status-Role',
  grafanaRole: 'X-Grafana-Role',
} as const;

export interface VerifiedUser {
  username: string;
  /** Empty when the user has no e-mail (Grafana then uses the login). */
  email: string;
  role: Role;
}

/** Header values travel as-is to Grafana: anything outside printable ASCII is refused, not passed. */
const HEADER_SAFE = /^[\x20-\x7e]*$/;

export function verifyHandler(tokens: TokenService): RequestHandler {
  return async (req, res, next) => {
    const token = extractAccessToken(req);
    if (!token) {
      res.status(401).json({ message: 'Not signed in: sign in to STATUS first' });
      return;
    }
    try {
      const c = await tokens.verifyAccess(token);
      const email = typeof c.email === 'string' ? c.email : '';
      if (!HEADER_SAFE.test(c.username) || !HEADER_SAFE.test(email)) {
        res.status(401).json({ message: 'This user name cannot be passed on; ask an administrator' });
        return;
      }
      const body: VerifiedUser = { username: c.username, email, role: c.role };
      res.setHeader(VERIFY_HEADERS.user, body.username);
      res.setHeader(VERIFY_HEADERS.email, body.email);
      res.setHeader(VERIFY_HEADERS.role, body.role);
      res.setHeader(VERIFY_HEADERS.grafanaRole, grafanaRole(body.role));
      res.json(body);
    } catch (err) {
      if (!(err instanceof TokenError)) return next(err);
      const message =
        err.code === 'expired'
          ? 'Your STATUS session expired: sign in again'
          : err.code === 'revoked'
            ? 'Your STATUS session has ended: sign in again'
            : 'Not signed in: the session token is not valid, sign in again';
      res.status(401).json({ message });
    }
  };
}
