// /api/v1/catalogs: list (search by name, filter by status, paginated), drafts, get, create
// (draft or finalized), update, delete, finalize (tpa-<uuid>), and the controls of a catalog.
// Access: the policy table (auth/policy.ts). `GET /catalogs/:tpaId/points` belongs to the registry
// feature.
import { Router } from 'express';
import type { AppDeps } from '../../app.js';
import { HttpError, notFound } from '../../http/errors.js';
import { validateBody, validateParams, validateQuery } from '../../http/validate.js';
import { ControlsRepository } from '../controls/repository.js';
import { CatalogsRepository, toCatalog } from './repository.js';
import {
  catalogIdParams,
  createBody,
  createDraftBody,
  idParams,
  listQuery,
  pageQuery,
  updateBody,
} from './schemas.js';

const CATALOG_NOT_FOUND = 'Catalog not found';

export function catalogsRouter(deps: AppDeps): Router {
  const router = Router();
  const catalogs = new CatalogsRepository(deps.db);
  const controls = new ControlsRepository(deps.db);

  router.get('/drafts', async (req, res) => {
    const q = validateQuery(pageQuery, req);
    res.json(await catalogs.list({ ...q, status: 'draft' }));
  });

  router.post('/drafts', async (req, res) => {
    const b = validateBody(createDraftBody, req);
    res.status(201).json(await catalogs.create({ ...b, status: 'draft' }));
  });

  router.patch('/:id/finalize', async (req, res) => {
    const { id } = validateParams(idParams, req);
    const r = await catalogs.finalize(id);
    if (r.ok) {
      res.json({ catalog: r.catalog, controls: { finalized: r.finalized } });
      return;
    }
    if (r.reason === 'not-found') throw notFound(CATALOG_NOT_FOUND);
    if (r.reason === 'not-draft') throw new HttpError(400, 'Only draft catalogs can be finalized');
    if (r.reason === 'dates')
      throw new HttpError(400, 'Catalog must have startDate and endDate to be finalized', [
        { path: 'endDate', message: 'endDate is required to finalize' },
      ]);
    const bad = 'controls' in r ? r.controls : [];
    throw new HttpError(
      400,
      `Cannot finalize catalog: draft controls ${bad.join(', ')} lack params.endpoint and/or params.threshold`,
      bad.map((c) => ({ path: `controls.${c}.params`, message: 'endpoint and threshold are required' })),
    );
  });

  router.get('/', async (req, res) => {
    res.json(await catalogs.list(validateQuery(listQuery, req)));
  });

  router.get('/:id', async (req, res) => {
    const { id } = validateParams(idParams, req);
    const row = await catalogs.get(id);
    if (!row) throw notFound(CATALOG_NOT_FOUND);
    res.json(toCatalog(row));
  });

  router.post('/', async (req, res) => {
    const b = validateBody(createBody, req);
    res.status(201).json(await catalogs.create(b));
  });

  router.patch('/:id', async (req, res) => {
    const { id } = validateParams(idParams, req);
    const b = validateBody(updateBody, req);
    const row = await catalogs.get(id);
    if (!row) throw notFound(CATALOG_NOT_FOUND);
    if (b.status && b.status !== row.status) {
      if (b.status === 'draft') throw new HttpError(400, 'Cannot change status from finalized to draft');
      throw new HttpError(400, 'Use PATCH /catalogs/:id/finalize to finalize a catalog', [
        { path: 'status', message: 'finalize through PATCH /catalogs/:id/finalize' },
      ]);
    }
    const start = b.startDate ?? row.start_date;
    const end = b.endDate === undefined ? row.end_date : b.endDate;
    if (end && end < start)
      throw new HttpError(400, 'endDate must not be before startDate', [
        { path: 'endDate', message: 'endDate must not be before startDate' },
      ]);
    if (row.status === 'finalized' && b.endDate === null)
      throw new HttpError(400, 'A finalized catalog must keep its endDate', [
        { path: 'endDate', message: 'endDate is required on a finalized catalog' },
      ]);
    const updated = await catalogs.update(id, b);
    if (!updated) throw notFound(CATALOG_NOT_FOUND);
    res.json(updated);
  });

  router.delete('/:id', async (req, res) => {
    const { id } = validateParams(idParams, req);
    if (!(await catalogs.delete(id))) throw notFound(CATALOG_NOT_FOUND);
    res.status(204).end();
  });

  router.get('/:catalogId/controls', async (req, res) => {
    const { catalogId } = validateParams(catalogIdParams, req);
    const q = validateQuery(pageQuery, req);
    if (!(await catalogs.get(catalogId))) throw notFound(CATALOG_NOT_FOUND);
    res.json(await controls.list({ catalogId, ...q }));
  });

  return router;
}
