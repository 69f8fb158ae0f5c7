// GET /api/v1/auth/verify: whom does this request's STATUS session belong to? Asked by the reverse
// proxy for every request to /grafana/ (nginx auth_request, stack/proxy/default.conf), which passes
// the answer to Grafana's auth proxy in headers, and by Node-RED's sign-in. It runs on every Grafana
// request, so it stays cheap: the access token's signature plus one Redis GET (its session not
// signed out); no database. The token is read like everywhere else (cookie, x-access-token, Bearer).
//
// Renewal: the access cookie lives 15 minutes, and an open Grafana page keeps making requests after
// that. When the access token is missing or expired but the refresh cookie holds a live session,
// the answer carries a new access cookie (nginx passes this one Set-Cookie on to the browser) made
// by TokenService.renewAccess: one Redis MGET and one database read of the user, shared by the
// requests that renew at the same moment; the refresh token is not rotated (see renewAccess).
import type { Request, Response } from 'express';
import { HttpError } from '../../http/errors.js';
import { ACCESS_COOKIE, cookieOptions, readCookie, REFRESH_COOKIE } from './cookies.js';
import { extractAccessToken } from './middleware.js';
import { TokenError, type Role, type TokenService, type TokenUser } from './tokens.js';

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

/** Reads a user for a renewal; null when it no longer exists. */
export type LoadUser = (id: string) => Promise<TokenUser | null>;

/**
 * Concurrent renewals of one user share a single read: a Grafana page fires a burst of requests,
 * all carrying the same expired cookie. Only in-flight reads are shared, never a stale answer.
 */
export function sharedLoads(load: LoadUser): LoadUser {
  const inFlight = new Map<string, Promise<TokenUser | null>>();
  return (id) => {
    let p = inFlight.get(id);
    if (!p) {
      p = load(id).finally(() => inFlight.delete(id));
      inFlight.set(id, p);
    }
    return p;
  };
}

function failureMessage(err: TokenError | undefined): string {
  if (!err) return 'Not signed in: sign in to STATUS first';
  if (err.code === 'expired') return 'Your STATUS session expired: sign in again';
  if (err.code === 'revoked' || err.code === 'unknown-user' || err.code === 'reused')
    return 'Your STATUS session has ended: sign in again';
  return 'Not signed in: the session token is not valid, sign in again';
}

interface Verified extends VerifiedUser {
  /** Set when the access token was renewed from the refresh cookie. */
  renewed?: { accessToken: string; accessTtlSeconds: number };
}

/**
 * The handler of `GET /auth/verify` (auth/routes.ts). `loadUser` enables renewal from the refresh
 * cookie; without it an expired access token is a 401. The mount (http/mount.ts) has already run
 * `authenticate`, which checked the access token (its signature and one Redis GET): its outcome,
 * `req.auth` or `req.authError`, is used as it is, so the token is not checked twice.
 */
export function verifyHandler(
  tokens: TokenService,
  loadUser?: LoadUser,
): (ctx: { req: Request; res: Response }) => Promise<VerifiedUser> {
  const load = loadUser && sharedLoads(loadUser);

  // The access token if it is valid; else, when it is missing or merely expired, the refresh
  // cookie's session; undefined when the request carries neither. Throws the TokenError that
  // decides the 401's message.
  const resolve = async (req: Request): Promise<Verified | undefined> => {
    if (req.auth) return { username: req.auth.username, email: req.auth.email ?? '', role: req.auth.role };
    let failure: TokenError | undefined = req.authError;
    const token = failure ? undefined : extractAccessToken(req);
    if (token) {
      // Only when `authenticate` did not run before this handler.
      try {
        const c = await tokens.verifyAccess(token);
        return { username: c.username, email: typeof c.email === 'string' ? c.email : '', role: c.role };
      } catch (err) {
        if (!(err instanceof TokenError)) throw err;
        failure = err;
      }
    }
    const refresh = readCookie(req, REFRESH_COOKIE);
    // A forged or revoked access token is not papered over by the refresh cookie.
    if (!load || !refresh || (failure && failure.code !== 'expired')) {
      if (failure) throw failure;
      return undefined;
    }
    const r = await tokens.renewAccess(refresh, load);
    return {
      username: r.user.username,
      email: r.user.email ?? '',
      role: r.user.role,
      renewed: { accessToken: r.accessToken, accessTtlSeconds: r.accessTtlSeconds },
    };
  };

  return async ({ req, res }) => {
    let v: Verified | undefined;
    try {
      v = await resolve(req);
    } catch (err) {
      if (err instanceof TokenError) throw new HttpError(401, failureMessage(err));
      throw err;
    }
    if (!v) throw new HttpError(401, failureMessage(undefined));
    if (!HEADER_SAFE.test(v.username) || !HEADER_SAFE.test(v.email))
      throw new HttpError(401, 'This user name cannot be passed on; ask an administrator');
    const body: VerifiedUser = { username: v.username, email: v.email, role: v.role };
    res.setHeader(VERIFY_HEADERS.user, body.username);
    res.setHeader(VERIFY_HEADERS.email, body.email);
    res.setHeader(VERIFY_HEADERS.role, body.role);
    res.setHeader(VERIFY_HEADERS.grafanaRole, grafanaRole(body.role));
    // The only Set-Cookie of this answer: nginx's $upstream_http_set_cookie holds just the first one.
    if (v.renewed)
      res.cookie(ACCESS_COOKIE, v.renewed.accessToken, cookieOptions(req, v.renewed.accessTtlSeconds));
    return body;
  };
}
