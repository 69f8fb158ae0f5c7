// /api/v1/computations: list (by control or group, paginated), delete all (ADMIN), the bulk results
// Node-RED posts (one transaction; `done` marks the group finished), and the registry's poll by
// computation group: 202 until the group is finished, then the compliance summary.
// `POST /computations` (start a computation through Node-RED) belongs to the runs/registry feature.
import { Router } from 'express';
import type { AppDeps } from '../../app.js';
import { isForeignKeyViolation } from '../../http/domain.js';
import { HttpError } from '../../http/errors.js';
import { validateBody, validateParams, validateQuery } from '../../http/validate.js';
import { calculateCompliance, ComputationsRepository } from './repository.js';
import { bulkBody, groupParams, listQuery } from './schemas.js';

export function computationsRouter(deps: AppDeps): Router {
  const router = Router();
  const computations = new ComputationsRepository(deps.db, deps.redis);

  router.get('/', async (req, res) => {
    res.json(await computations.list(validateQuery(listQuery, req)));
  });

  router.delete('/', async (_req, res) => {
    await computations.deleteAll();
    res.status(204).end();
  });

  router.post('/bulk', async (req, res) => {
    const b = validateBody(bulkBody, req);
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
      for (const g of new Set(b.computations.map((c) => c.computationGroup))) await computations.markDone(g);
    }
    res.status(201).json(rows);
  });

  router.get('/:id', async (req, res) => {
    const { id } = validateParams(groupParams, req);
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
    res.json({ code: 200, message: 'OK', computations: calculateCompliance(rows) });
  });

  return router;
}
