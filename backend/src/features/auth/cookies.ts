// The auth cookies: accessToken, refreshToken (and nodeRedToken), httpOnly, SameSite=Lax, path /,
// Secure when the request came over HTTPS (directly or per X-Forwarded-Proto from the proxy).
// nodeRedToken has path /node-red: the browser sends it only to Node-RED behind the reverse proxy,
// whose nginx turns it into `Authorization: Bearer` (stack/proxy/default.conf).
import type { CookieOptions, Request, Response } from 'express';

export const ACCESS_COOKIE = 'accessToken';
export const REFRESH_COOKIE = 'refreshToken';
export const NODE_RED_COOKIE = 'nodeRedToken';
export const AUTH_COOKIES = [ACCESS_COOKIE, REFRESH_COOKIE, NODE_RED_COOKIE] as const;
/** Where the reverse proxy serves Node-RED (stack/proxy/default.conf). */
export const NODE_RED_COOKIE_PATH = '/node-red';

export function isHttpsRequest(req: Request): boolean {
  if (req.secure) return true;
  const fwd = req.headers['x-forwarded-proto'];
  const first = (Array.isArray(fwd) ? fwd[0] : fwd)?.split(',')[0]?.trim().toLowerCase();
  return first === 'https';
}

export function cookieOptions(req: Request, maxAgeSeconds?: number): CookieOptions {
  const opts: CookieOptions = { httpOnly: true, sameSite: 'lax', secure: isHttpsRequest(req), path: '/' };
  if (maxAgeSeconds !== undefined) opts.maxAge = maxAgeSeconds * 1000;
  return opts;
}

export function nodeRedCookieOptions(req: Request, maxAgeSeconds?: number): CookieOptions {
  return { ...cookieOptions(req, maxAgeSeconds), path: NODE_RED_COOKIE_PATH };
}

export interface CookieTokens {
  accessToken: string;
  refreshToken: string;
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
  nodeRedToken?: string;
  nodeRedTtlSeconds?: number;
}

export function setAuthCookies(req: Request, res: Response, t: CookieTokens): void {
  res.cookie(ACCESS_COOKIE, t.accessToken, cookieOptions(req, t.accessTtlSeconds));
  res.cookie(REFRESH_COOKIE, t.refreshToken, cookieOptions(req, t.refreshTtlSeconds));
  if (t.nodeRedToken)
    res.cookie(
      NODE_RED_COOKIE,
      t.nodeRedToken,
      nodeRedCookieOptions(req, t.nodeRedTtlSeconds ?? t.accessTtlSeconds),
    );
}

/** Clears all three cookies with the same attributes they were set with (browsers need a match). */
export function clearAuthCookies(req: Request, res: Response): void {
  for (const name of AUTH_COOKIES) res.clearCookie(name, cookieOptions(req));
  // nodeRedToken lives on /node-red (the path-/ clear above removes one set by an older version).
  res.clearCookie(NODE_RED_COOKIE, nodeRedCookieOptions(req));
}

/** Reads one cookie from the Cookie header (no cookie-parser dependency). */
export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    const raw = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  }
  return undefined;
}
