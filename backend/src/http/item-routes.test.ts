// itemRoutes: one declaration gives GET, PUT and DELETE at the item's path with the usual access,
// the same 404 message for each when the item is not there, and nothing (204) after a delete.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HttpError } from './errors.js';
import { itemRoutes } from './item-routes.js';
import { WRITERS, type Route, type RouteContext } from './route.js';

const params = z.object({ id: z.string() });
const body = z.object({ name: z.string() });
const items = new Map([['a', { id: 'a', name: 'first' }]]);

const routes = itemRoutes(
  '/things/:id',
  { params, notFound: ({ id }) => `Thing ${id} not found` },
  {
    get: { summary: 'A thing', find: async ({ id }) => items.get(id) ?? null },
    update: {
      summary: 'Rename a thing',
      body,
      apply: async ({ id }, b) => {
        const t = items.get(id);
        return t ? { ...t, ...b } : null;
      },
    },
    remove: { summary: 'Delete a thing', remove: async ({ id }) => items.has(id) },
  },
);

const byMethod = (m: string) => routes.find((r) => r.method === m)!;
const call = (r: Route, p: Record<string, unknown>, b?: unknown) =>
  r.handler({ params: p, body: b } as RouteContext<unknown, unknown, unknown>);

describe('itemRoutes', () => {
  it('declares GET for signed-in users, PUT and DELETE for writers, all at the item path', () => {
    expect(routes.map((r) => [r.method, r.path, r.access, r.summary])).toEqual([
      ['GET', '/things/:id', 'authenticated', 'A thing'],
      ['PUT', '/things/:id', WRITERS, 'Rename a thing'],
      ['DELETE', '/things/:id', WRITERS, 'Delete a thing'],
    ]);
    expect(byMethod('PUT').body).toBe(body);
    expect(byMethod('DELETE').status).toBe(204);
  });

  it('answers the item, the updated item, and nothing after a delete', async () => {
    await expect(call(byMethod('GET'), { id: 'a' })).resolves.toEqual({ id: 'a', name: 'first' });
    await expect(call(byMethod('PUT'), { id: 'a' }, { name: 'renamed' })).resolves.toEqual({
      id: 'a',
      name: 'renamed',
    });
    await expect(call(byMethod('DELETE'), { id: 'a' })).resolves.toBeUndefined();
  });

  it('is a 404 with the same message on each route when the item is not there', async () => {
    for (const r of routes) {
      const err = await Promise.resolve(call(r, { id: 'zz' }, { name: 'x' })).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(HttpError);
      expect(err).toMatchObject({ status: 404, message: 'Thing zz not found' });
    }
  });
});
