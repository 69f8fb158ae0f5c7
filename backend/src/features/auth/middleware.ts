// authenticator: reads the access token from the accessToken cookie, x-access-token, or
// Authorization: Bearer, and sets req.auth (http/mount.ts runs it before every declared route; a
// route's `access` decides who gets in).
import type { Request } from 'express';
import { ACCESS_COOKIE, readCookie } from './cookies.js';
import { TokenError, type Role, type TokenService } from './tokens.js';

export interface AuthContext {
  userId: string;
  username: string;
  role: Role;
  jti: string;
  family: string;
  /** The e-mail claim of the access token, when it has one (GET /auth/verify passes it on). */
  email?: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by `authenticator` when a valid access token came with the request. */
    auth?: AuthContext;
    /** Why a presented token was not accepted (expired, invalid, revoked). */
    authError?: TokenError;
  }
}

/** Token from the cookie, else `x-access-token`, else `Authorization: Bearer` (one order everywhere). */
export function extractAccessToken(req: Request): string | undefined {
  const cookie = readCookie(req, ACCESS_COOKIE);
  if (cookie) return cookie;
  const header = req.headers['x-access-token'];
  const h = Array.isArray(header) ? header[0] : header;
  if (h) return h.trim();
  const authz = req.headers.authorization;
  const m = authz ? /^Bearer\s+(\S+)\s*$/i.exec(authz) : null;
  return m?.[1];
}

/**
 * Sets req.auth from the request's access token, or req.authError when one came and was refused
 * (expired, forged, signed out). Never answers: the route's access decides (http/mount.ts).
 */
export function authenticator(tokens: TokenService): (req: Request) => Promise<void> {
  return async (req) => {
    const token = extractAccessToken(req);
    if (!token) return;
    try {
      const c = await tokens.verifyAccess(token);
      req.auth = { userId: c.sub, username: c.username, role: c.role, jti: c.jti, family: c.fam };
      if (typeof c.email === 'string') req.auth.email = c.email;
    } catch (err) {
      if (err instanceof TokenError) req.authError = err;
      else throw err;
    }
  };
}
