// The routes of one resource's item, declared once: GET, an update and DELETE at one path, each a
// 404 with the same message when the item is not there. Reads are for any signed-in user, writes
// for the writers (ADMIN, DEVELOPER): the access every resource with such routes has.
import type { z } from 'zod';
import { notFound } from './errors.js';
import { WRITERS, type Method, type Route, type RouteContext } from './route.js';

/** The item, or a 404 with `message` when there is none. */
export async function orNotFound<T>(item: Promise<T | null | undefined>, message: string): Promise<T> {
  const found = await item;
  if (found === null || found === undefined) throw notFound(message);
  return found;
}

/** Nothing (a 204), or a 404 with `message` when nothing was deleted. */
export async function deletedOrNotFound(deleted: Promise<boolean>, message: string): Promise<void> {
  if (!(await deleted)) throw notFound(message);
}

export interface ItemRoutes<P, B> {
  /** `GET`: the item. */
  get?: { summary: string; find: (params: P) => Promise<unknown> };
  /** `PUT` (or `PATCH`): the item after the update. */
  update?: {
    summary: string;
    method?: Method;
    body: z.ZodType<B>;
    apply: (params: P, body: B) => Promise<unknown>;
  };
  /** `DELETE`: 204. */
  remove?: { summary: string; remove: (params: P) => Promise<boolean> };
}

/**
 * The item's routes at `path` (e.g. `/scopes/:id`). Mounting validates `params` (and the update's
 * body) before a handler runs, as for any declared route.
 */
export function itemRoutes<PS extends z.ZodType, B>(
  path: string,
  item: {
    params: PS;
    response?: z.ZodType;
    /** The 404's message, or how to say it for these params. */
    notFound: string | ((params: z.output<PS>) => string);
    gate?: string;
  },
  routes: ItemRoutes<z.output<PS>, B>,
): Route[] {
  type P = z.output<PS>;
  const { response, notFound, ...at } = item;
  const message = (params: P) => (typeof notFound === 'string' ? notFound : notFound(params));
  // What the item's routes have in common: the path, its params schema and the feature flag.
  const base = { path, ...at };
  const out: Route[] = [];
  if (routes.get) {
    const { summary, find } = routes.get;
    const handler = (c: RouteContext<unknown, unknown, unknown>) =>
      orNotFound(find(c.params as P), message(c.params as P));
    out.push({ ...base, method: 'GET', access: 'authenticated', summary, response, handler });
  }
  if (routes.update) {
    const { summary, method = 'PUT', body, apply } = routes.update;
    const handler = (c: RouteContext<unknown, unknown, unknown>) =>
      orNotFound(apply(c.params as P, c.body as B), message(c.params as P));
    out.push({ ...base, method, access: WRITERS, summary, body, response, handler });
  }
  if (routes.remove) {
    const { summary, remove } = routes.remove;
    const handler = (c: RouteContext<unknown, unknown, unknown>) =>
      deletedOrNotFound(remove(c.params as P), message(c.params as P));
    out.push({ ...base, method: 'DELETE', access: WRITERS, summary, status: 204, handler });
  }
  return out;
}
