// /api/v1/controls: list (by catalog, by status, paginated), drafts, get, create (draft or
// finalized), update, delete, finalize; the panels rows of a control; the computations of a control
// at /controls/:id/computations and at the original's doubled path /controls/controls/... (alias).
// Access: the policy table (auth/policy.ts). Grafana and control runs belong to other features.
import { Router, type Request } from 'express';
import type { AppDeps } from '../../app.js';
import { HttpError, notFound } from '../../http/errors.js';
import { validateBody, validateParams, validateQuery } from '../../http/validate.js';
import { CatalogsRepository } from '../catalogs/repository.js';
import { ComputationsRepository } from '../computations/repository.js';
import { ControlsRepository, toControl, type ControlInput } from './repository.js';
import {
  catalogIdParams,
  controlIdParams,
  createBody,
  createDraftBody,
  dayParams,
  idParams,
  listQuery,
  missingFinalParams,
  pageQuery,
  panelBody,
  panelParams,
  updateBody,
} from './schemas.js';

const CONTROL_NOT_FOUND = 'Control not found';

export function controlsRouter(deps: AppDeps): Router {
  const router = Router();
  const controls = new ControlsRepository(deps.db);
  const catalogs = new CatalogsRepository(deps.db);
  const computations = new ComputationsRepository(deps.db, deps.redis);

  const requireParams = (params: unknown) => {
    const missing = missingFinalParams(params);
    if (missing.length)
      throw new HttpError(
        400,
        `Missing required properties: ${missing.join(', ')}`,
        missing.map((m) => ({
          path: `params.${m}`,
          message: `params.${m} is required for a finalized control`,
        })),
      );
  };

  const catalogOr404 = async (catalogId: number) => {
    const c = await catalogs.get(catalogId);
    if (!c)
      throw new HttpError(404, 'Catalog not found', [{ path: 'catalogId', message: 'no such catalog' }]);
    return c;
  };

  router.get('/drafts', async (req, res) => {
    res.json(await controls.list({ ...validateQuery(pageQuery, req), status: 'draft' }));
  });

  router.get('/drafts/catalog/:catalogId', async (req, res) => {
    const { catalogId } = validateParams(catalogIdParams, req);
    const q = validateQuery(pageQuery, req);
    await catalogOr404(catalogId);
    res.json(await controls.list({ ...q, catalogId, status: 'draft' }));
  });

  router.post('/drafts', async (req, res) => {
    const b = validateBody(createDraftBody, req);
    const catalog = await catalogOr404(b.catalogId);
    if (catalog.status !== 'draft')
      throw new HttpError(400, 'Draft controls can only be added to draft catalogs');
    res.status(201).json(await controls.create({ ...b, period: b.period ?? 'MONTHLY', status: 'draft' }));
  });

  router.patch('/:id/finalize', async (req, res) => {
    const { id } = validateParams(idParams, req);
    const row = await controls.get(id);
    if (!row) throw notFound(CONTROL_NOT_FOUND);
    if (row.status !== 'draft') throw new HttpError(400, 'Only draft controls can be finalized');
    const catalog = await catalogs.get(row.catalog_id);
    if (!catalog) throw notFound('Associated catalog not found');
    if (catalog.status !== 'finalized')
      throw new HttpError(400, 'Cannot finalize a control that belongs to a draft catalog');
    requireParams(row.params);
    res.json(await controls.update(id, { status: 'finalized' }));
  });

  router.get('/', async (req, res) => {
    res.json(await controls.list(validateQuery(listQuery, req)));
  });

  router.get('/:id', async (req, res) => {
    const { id } = validateParams(idParams, req);
    const row = await controls.get(id);
    if (!row) throw notFound(CONTROL_NOT_FOUND);
    res.json(toControl(row));
  });

  router.post('/', async (req, res) => {
    const b = validateBody(createBody, req);
    const catalog = await catalogOr404(b.catalogId);
    if (catalog.status !== 'finalized')
      throw new HttpError(
        400,
        'Finalized controls can only be added to finalized catalogs; use POST /controls/drafts',
      );
    res.status(201).json(await controls.create({ ...b, status: 'finalized' }));
  });

  router.patch('/:id', async (req, res) => {
    const { id } = validateParams(idParams, req);
    const b = validateBody(updateBody, req);
    const row = await controls.get(id);
    if (!row) throw notFound(CONTROL_NOT_FOUND);
    if (b.status && b.status !== row.status) {
      if (b.status === 'draft') throw new HttpError(400, 'Cannot change status from finalized to draft');
      throw new HttpError(400, 'Use PATCH /controls/:id/finalize to finalize a control', [
        { path: 'status', message: 'finalize through PATCH /controls/:id/finalize' },
      ]);
    }
    if (row.status === 'finalized') requireParams(b.params ?? row.params);
    if (b.catalogId !== undefined && b.catalogId !== row.catalog_id) {
      const target = await catalogOr404(b.catalogId);
      if (target.status !== row.status)
        throw new HttpError(400, `A ${row.status} control can only move to a ${row.status} catalog`, [
          { path: 'catalogId', message: `the catalog is ${target.status}` },
        ]);
    }
    const input: ControlInput = { ...b, status: undefined };
    res.json(await controls.update(id, input));
  });

  router.delete('/:id', async (req, res) => {
    const { id } = validateParams(idParams, req);
    if (!(await controls.delete(id))) throw notFound(CONTROL_NOT_FOUND);
    res.status(204).end();
  });

  // ---- panels (rows only; the Grafana side is the grafana feature's)
  router.get('/:id/panels', async (req, res) => {
    const { id } = validateParams(idParams, req);
    if (!(await controls.get(id))) throw notFound(CONTROL_NOT_FOUND);
    res.json(await controls.panels(id));
  });

  router.post('/:id/panel/:panelId', async (req, res) => {
    const { id, panelId } = validateParams(panelParams, req);
    const { dashboardUid } = validateBody(panelBody, req);
    if (!(await controls.get(id))) throw notFound(CONTROL_NOT_FOUND);
    const data = await controls.addPanel(id, panelId, dashboardUid);
    res.status(201).json({ message: 'Panel added to control', data });
  });

  router.delete('/:id/panels/:panelId', async (req, res) => {
    const { id, panelId } = validateParams(panelParams, req);
    if (!(await controls.deletePanel(id, panelId))) throw notFound('Panel not found');
    res.status(204).end();
  });

  // ---- computations of a control, at /:controlId/computations and the legacy /controls/:controlId/...
  const controlOr404 = async (req: Request) => {
    const { controlId } = validateParams(controlIdParams, req);
    if (!(await controls.get(controlId))) throw notFound(CONTROL_NOT_FOUND);
    return controlId;
  };
  for (const base of ['/:controlId/computations', '/controls/:controlId/computations']) {
    router.get(base, async (req, res) => {
      const controlId = await controlOr404(req);
      res.json(await computations.list({ controlId, ...validateQuery(pageQuery, req) }));
    });
    router.get(`${base}/:createdAt`, async (req, res) => {
      const { controlId, createdAt } = validateParams(dayParams, req);
      if (!(await controls.get(controlId))) throw notFound(CONTROL_NOT_FOUND);
      const from = new Date(
        Date.UTC(createdAt.getUTCFullYear(), createdAt.getUTCMonth(), createdAt.getUTCDate()),
      );
      const to = new Date(from.getTime() + 86_400_000 - 1);
      res.json(await computations.list({ controlId, from, to, ...validateQuery(pageQuery, req) }));
    });
    router.delete(base, async (req, res) => {
      const controlId = await controlOr404(req);
      await computations.deleteByControl(controlId);
      res.status(204).end();
    });
  }

  return router;
}
