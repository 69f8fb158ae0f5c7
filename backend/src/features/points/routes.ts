// /api/v1/points: list with filters (agreement, guarantee, time range; every row, or one page with
// X-Total-Count and Link), per agreement, get, store (de-duplicated by the unique key), delete one,
// delete all (ADMIN). The original's clients call the same routes under /point (its docs and its
// frontend's service layer use the singular): each is declared again there as an alias, same
// handler, gated by the /points flag.
import { itemRoutes } from '../../http/item-routes.js';
import { jsonList } from '../../http/lists.js';
import { ADMIN_ONLY, route, WRITERS, type Route } from '../../http/route.js';
import type { AppServices } from '../../services.js';
import { PointsRepository } from './repository.js';
import { agreementQuery, createBody, idParams, listQuery, point, stored, tpaParams } from './schemas.js';

/** The routes at `base` (`/points`, or the original's alias `/point`). */
function pointsRoutesAt(s: Pick<AppServices, 'db'>, base: '/points' | '/point'): Route[] {
  const points = new PointsRepository(s.db);
  const alias = base === '/point' ? ` (the original's /point alias of /points)` : '';
  const gate = '/points';
  return [
    route({
      method: 'GET',
      path: base,
      access: 'authenticated',
      gate,
      summary: `List points by agreement, guarantee and time (every row; or a page with ?limit=&offset=, X-Total-Count and Link)${alias}`,
      query: listQuery,
      response: point.array(),
      handler: ({ query: { limit, offset, ...filter } }) =>
        jsonList(s.db, points.listQuery(filter), { limit, offset }),
    }),
    route({
      method: 'POST',
      path: base,
      access: WRITERS,
      gate,
      summary: `Store points ({points:[…]} or one point); the same agreement, guarantee, timestamp and scope is stored once${alias}`,
      body: createBody,
      status: 201,
      response: stored,
      handler: async ({ body }) => {
        const r = await points.insertMany(body.points);
        return { stored: r.stored, skipped: r.skipped };
      },
    }),
    route({
      method: 'DELETE',
      path: base,
      access: ADMIN_ONLY,
      gate,
      summary: `Delete all points (ADMIN)${alias}`,
      status: 204,
      handler: async () => {
        await points.deleteAll();
      },
    }),
    route({
      method: 'GET',
      path: `${base}/catalog/:tpaId`,
      access: 'authenticated',
      gate,
      summary: `Points of an agreement (tpaId), by guarantee and time (every row; or a page)${alias}`,
      params: tpaParams,
      query: agreementQuery,
      response: point.array(),
      handler: ({ params: { tpaId }, query: { limit, offset, ...filter } }) =>
        jsonList(s.db, points.listQuery({ ...filter, agreementId: tpaId }), { limit, offset }),
    }),
    ...itemRoutes(
      `${base}/:id`,
      { params: idParams, response: point, notFound: ({ id }) => `Point with id ${id} not found`, gate },
      {
        get: { summary: `A point${alias}`, find: ({ id }) => points.get(id) },
        remove: { summary: `Delete a point${alias}`, remove: ({ id }) => points.delete(id) },
      },
    ),
  ];
}

export function pointsRoutes(s: Pick<AppServices, 'db'>): Route[] {
  return [...pointsRoutesAt(s, '/points'), ...pointsRoutesAt(s, '/point')];
}
