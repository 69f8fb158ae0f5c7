// /api/v1/computations: list (by control or group; every row, or one page with X-Total-Count and
// Link), delete all (ADMIN), the bulk results Node-RED posts (one transaction; `done` marks the
// group finished), and the registry's poll by computation group: 202 until the group is finished,
// then the compliance summary. `POST /computations` (start a computation through Node-RED) belongs
// to the runs feature.
import { isForeignKeyViolation } from '../../http/domain.js';
import { HttpError } from '../../http/errors.js';
import { jsonList } from '../../http/lists.js';
import { ADMIN_ONLY, route, type Route } from '../../http/route.js';
import type { AppServices } from '../../services.js';
import { calculateCompliance, ComputationsRepository } from './repository.js';
import { bulkBody, computation, groupParams, listQuery, pollAnswer } from './schemas.js';

export function computationsRoutes(s: Pick<AppServices, 'db' | 'redis'>): Route[] {
  const computations = new ComputationsRepository(s.db, s.redis);

  return [
    route({
      method: 'GET',
      path: '/computations',
      access: 'authenticated',
      summary:
        'List computations, newest first, by control or group (every row; or a page with ?limit=&offset=, X-Total-Count and Link)',
      query: listQuery,
      response: computation.array(),
      handler: ({ query: { limit, offset, ...filter } }) =>
        jsonList(s.db, computations.listQuery(filter), { limit, offset }),
    }),
    route({
      method: 'DELETE',
      path: '/computations',
      access: ADMIN_ONLY,
      summary: 'Delete all computations (ADMIN)',
      status: 204,
      handler: async () => {
        await computations.deleteAll();
      },
    }),
    route({
      method: 'POST',
      path: '/computations/bulk',
      access: 'authenticated',
      summary:
        'Store computation results (the Node-RED callback; one transaction; done: true marks the group finished)',
      body: bulkBody,
      status: 201,
      response: computation.array(),
      handler: async ({ body: b }) => {
        let rows;
        try {
          rows = await computations.insertMany(b.computations);
        } catch (err) {
          if (isForeignKeyViolation(err))
            throw new HttpError(400, 'Unknown controlId', [
              { path: 'computations.controlId', message: 'no control with that id' },
            ]);
          throw err;
        }
        if (b.done) {
          for (const g of new Set(b.computations.map((c) => c.computationGroup)))
            await computations.markDone(g);
        }
        return rows;
      },
    }),
    route({
      method: 'GET',
      path: '/computations/:id',
      access: 'authenticated',
      summary:
        'Poll a computation group: 202 "Not ready yet" until its last batch arrived, then the compliance summary',
      params: groupParams,
      response: pollAnswer,
      handler: async ({ res, params: { id } }) => {
        // Flag first: rows written before the flag are then certainly visible.
        if (!(await computations.isDone(id))) {
          res.status(202).json({ message: 'Not ready yet' });
          return;
        }
        const rows = await computations.byGroup(id);
        if (!rows.length) {
          res.status(404).json({ message: 'Not found' });
          return;
        }
        return { code: 200, message: 'OK', computations: calculateCompliance(rows) };
      },
    }),
  ];
}
