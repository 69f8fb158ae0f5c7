// A route is declared once, as data: method, path, who may call it, the zod schemas of its input
// (and, for the document, of its answer), and the handler. Mounting (http/mount.ts), the
// authorisation check, the request validation and the OpenAPI document (features/docs/openapi.ts)
// are all derived from these declarations, so they cannot disagree.
import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { AuthContext } from '../features/auth/middleware.js';
import type { Role } from '../features/auth/tokens.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Who may call a route: anyone, any signed-in user, or signed-in users with one of the roles. */
export type Access = 'public' | 'authenticated' | readonly Role[];
export const ADMIN_ONLY: readonly Role[] = ['ADMIN'];
export const WRITERS: readonly Role[] = ['ADMIN', 'DEVELOPER'];

export interface RouteContext<P, Q, B> {
  req: Request;
  res: Response;
  params: P;
  query: Q;
  body: B;
  /** The signed-in caller (always set unless the route is public). */
  auth: AuthContext | undefined;
}

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteSpec<
  PS extends z.ZodType | undefined,
  QS extends z.ZodType | undefined,
  BS extends z.ZodType | undefined,
> {
  method: Method;
  /** Express path relative to the API prefix (`/catalogs/:id`; `/docs/*rest` for a tail). */
  path: string;
  access: Access;
  /** One line for the OpenAPI document. */
  summary: string;
  params?: PS;
  query?: QS;
  body?: BS;
  /** The answer's schema (documentation; tests may check answers against it). */
  response?: z.ZodType;
  /** Status of a successful answer (default 200; 204 when the handler returns nothing). */
  status?: number;
  /** Media type of the request body (default application/json). */
  contentType?: string;
  /** Media type of the answer (default application/json). */
  produces?: string;
  /**
   * The feature flag (configurations.endpoint, e.g. `/points`) that can switch this route off;
   * default: its first path segment. `false`: never gated.
   */
  gate?: string | false;
  /**
   * Returns the answer's body (sent as JSON with `status`), a `JsonList` (streamed or paged,
   * http/lists.ts), or nothing after writing the answer itself through `ctx.res`.
   */
  handler: (ctx: RouteContext<Out<PS>, Out<QS>, Out<BS>>) => unknown;
}

/** A declared route with its input types erased (what tables and the mounter hold). */
export interface Route {
  method: Method;
  path: string;
  access: Access;
  summary: string;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  response?: z.ZodType;
  status?: number;
  contentType?: string;
  produces?: string;
  gate?: string | false;
  handler: (ctx: RouteContext<unknown, unknown, unknown>) => unknown;
}

/** Declares one route; the handler's `params`, `query` and `body` are typed from the schemas. */
export function route<
  PS extends z.ZodType | undefined = undefined,
  QS extends z.ZodType | undefined = undefined,
  BS extends z.ZodType | undefined = undefined,
>(spec: RouteSpec<PS, QS, BS>): Route {
  return spec as unknown as Route;
}

export type Decision = 'allow' | 'unauthenticated' | 'forbidden';

export function decide(access: Access, role: Role | undefined): Decision {
  if (access === 'public') return 'allow';
  if (!role) return 'unauthenticated';
  if (access === 'authenticated') return 'allow';
  return access.includes(role) ? 'allow' : 'forbidden';
}

/** The feature flag that gates a route (`/points` for `/points/:id`), or undefined. */
export function gateOf(r: Pick<Route, 'path' | 'gate'>): string | undefined {
  if (r.gate === false) return undefined;
  if (r.gate) return r.gate;
  const first = r.path.split('/').find((s) => s.length > 0);
  return first ? `/${first}` : undefined;
}

function segments(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

/** 0 for a literal segment, 1 for a parameter, 2 for a tail wildcard. */
function rank(segment: string): number {
  return segment.startsWith('*') ? 2 : segment.startsWith(':') ? 1 : 0;
}

/**
 * Orders routes so that, at the first position where two paths differ in kind, a literal segment
 * comes before a parameter and a parameter before a wildcard (`/users/whoami` before `/users/:id`).
 * Express tries routes in registration order; this makes the declaration order irrelevant.
 */
export function byPrecedence(a: Pick<Route, 'path'>, b: Pick<Route, 'path'>): number {
  const sa = segments(a.path);
  const sb = segments(b.path);
  for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
    const d = rank(sa[i]!) - rank(sb[i]!);
    if (d !== 0) return d;
  }
  return sa.length - sb.length;
}
