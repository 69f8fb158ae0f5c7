// /api/v1/points: list with filters (agreement, guarantee, time range; paginated), per agreement,
// get, store (de-duplicated by the unique key), delete one, delete all (ADMIN).
import { Router } from 'express';
import type { AppDeps } from '../../app.js';
import { notFound } from '../../http/errors.js';
import { validateBody, validateParams, validateQuery } from '../../http/validate.js';
import { PointsRepository } from './repository.js';
import { createBody, idParams, listQuery, tpaParams } from './schemas.js';

export function pointsRouter(deps: AppDeps): Router {
  const router = Router();
  const points = new PointsRepository(deps.db);

  router.get('/', async (req, res) => {
    res.json(await points.list(validateQuery(listQuery, req)));
  });

  router.post('/', async (req, res) => {
    const { points: input } = validateBody(createBody, req);
    const r = await points.insertMany(input);
    res.status(201).json({ stored: r.stored, skipped: r.skipped });
  });

  router.delete('/', async (_req, res) => {
    await points.deleteAll();
    res.status(204).end();
  });

  router.get('/catalog/:tpaId', async (req, res) => {
    const { tpaId } = validateParams(tpaParams, req);
    const q = validateQuery(listQuery.omit({ agreementId: true }), req);
    res.json(await points.list({ ...q, agreementId: tpaId }));
  });

  router.get('/:id', async (req, res) => {
    const { id } = validateParams(idParams, req);
    const p = await points.get(id);
    if (!p) throw notFound(`Point with id ${id} not found`);
    res.json(p);
  });

  router.delete('/:id', async (req, res) => {
    const { id } = validateParams(idParams, req);
    if (!(await points.delete(id))) throw notFound(`Point with id ${id} not found`);
    res.status(204).end();
  });

  return router;
}
