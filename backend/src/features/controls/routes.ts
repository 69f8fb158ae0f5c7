// /api/v1/controls: list (by catalog, by status; every row, or one page with X-Total-Count and
// Link), drafts, get, create (draft or finalized), update, delete, finalize; the panels rows of a
// control; the computations of a control at /controls/:id/computations and at the original's
// doubled path /controls/controls/... (alias). Grafana and control runs belong to other features.
import type pg from 'pg';
import { HttpError, notFound } from '../../http/errors.js';
import type { ListCache } from '../../http/list-cache.js';
import { itemRoutes } from '../../http/item-routes.js';
import { jsonList } from '../../http/lists.js';
import { route, WRITERS, type Route } from '../../http/route.js';
import type { AppServices } from '../../services.js';
import { refuseStatusChange } from '../catalogs/publishing.js';
import { CatalogsRepository, type PublishStatus } from '../catalogs/repository.js';
import { ComputationsRepository } from '../computations/repository.js';
import { ControlsRepository, toControl, type ControlInput, type NewControl } from './repository.js';
import {
  catalogIdParams,
  control,
  controlIdParams,
  createBody,
  createDraftBody,
  dayParams,
  idParams,
  listQuery,
  missingFinalParams,
  pageQuery,
  panel,
  panelAdded,
  panelBody,
  panelParams,
  updateBody,
} from './schemas.js';
import { computation } from '../computations/schemas.js';

const CONTROL_NOT_FOUND = 'Control not found';

function requireParams(params: unknown): void {
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
}

export function controlsRoutes(
  s: Pick<AppServices, 'db' | 'redis'> & { listCache?: ListCache | undefined },
): Route[] {
  const db: pg.Pool = s.db;
  const cached = { cache: s.listCache, key: 'controls' };
  const controls = new ControlsRepository(db);
  const catalogs = new CatalogsRepository(db);
  const computations = new ComputationsRepository(db, s.redis);

  const catalogOr404 = async (catalogId: number) => {
    const c = await catalogs.get(catalogId);
    if (!c)
      throw new HttpError(404, 'Catalog not found', [{ path: 'catalogId', message: 'no such catalog' }]);
    return c;
  };
  const controlOr404 = async (id: number) => {
    const row = await controls.get(id);
    if (!row) throw notFound(CONTROL_NOT_FOUND);
    return row;
  };

  /** A new control, in a catalog of its own status; a 400 saying `refusal` in any other. */
  const createIn = async (status: PublishStatus, input: Omit<NewControl, 'status'>, refusal: string) => {
    const catalog = await catalogOr404(input.catalogId);
    if (catalog.status !== status) throw new HttpError(400, refusal);
    return controls.create({ ...input, status });
  };

  // The computations of a control, at the path of the docs and at the original's doubled path.
  const computationRoutes = (base: string, alias: string): Route[] => [
    route({
      method: 'GET',
      path: base,
      access: 'authenticated',
      summary: `Computations of a control, newest first (every row; or a page with ?limit=&offset=)${alias}`,
      params: controlIdParams,
      query: pageQuery,
      response: computation.array(),
      handler: async ({ params: { controlId }, query: { limit, offset } }) => {
        await controlOr404(controlId);
        return jsonList(db, computations.listQuery({ controlId }), { limit, offset });
      },
    }),
    route({
      method: 'GET',
      path: `${base}/:createdAt`,
      access: 'authenticated',
      summary: `Computations of a control created on one day (UTC; every row, or a page)${alias}`,
      params: dayParams,
      query: pageQuery,
      response: computation.array(),
      handler: async ({ params: { controlId, createdAt }, query: { limit, offset } }) => {
        await controlOr404(controlId);
        const from = new Date(
          Date.UTC(createdAt.getUTCFullYear(), createdAt.getUTCMonth(), createdAt.getUTCDate()),
        );
        const to = new Date(from.getTime() + 86_400_000 - 1);
        return jsonList(db, computations.listQuery({ controlId, from, to }), { limit, offset });
      },
    }),
    route({
      method: 'DELETE',
      path: base,
      access: WRITERS,
      summary: `Delete the computations of a control${alias}`,
      params: controlIdParams,
      status: 204,
      handler: async ({ params: { controlId } }) => {
        await controlOr404(controlId);
        await computations.deleteByControl(controlId);
      },
    }),
  ];

  return [
    route({
      method: 'GET',
      path: '/controls',
      access: 'authenticated',
      summary:
        'List controls, by catalog or status (every row; or a page with ?limit=&offset=, X-Total-Count and Link)',
      query: listQuery,
      response: control.array(),
      handler: ({ query: { limit, offset, ...filter } }) =>
        jsonList(db, controls.listQuery(filter), { limit, offset }, cached),
    }),
    route({
      method: 'GET',
      path: '/controls/drafts',
      access: 'authenticated',
      summary: 'List draft controls (every row; or a page)',
      query: pageQuery,
      response: control.array(),
      handler: ({ query: { limit, offset } }) =>
        jsonList(db, controls.listQuery({ status: 'draft' }), { limit, offset }, cached),
    }),
    route({
      method: 'GET',
      path: '/controls/drafts/catalog/:catalogId',
      access: 'authenticated',
      summary: 'Draft controls of a catalog (every row; or a page)',
      params: catalogIdParams,
      query: pageQuery,
      response: control.array(),
      handler: async ({ params: { catalogId }, query: { limit, offset } }) => {
        await catalogOr404(catalogId);
        return jsonList(db, controls.listQuery({ catalogId, status: 'draft' }), { limit, offset }, cached);
      },
    }),
    route({
      method: 'POST',
      path: '/controls/drafts',
      access: WRITERS,
      summary: 'Create a draft control (in a draft catalog; period defaults to MONTHLY)',
      body: createDraftBody,
      status: 201,
      response: control,
      handler: ({ body: b }) =>
        createIn(
          'draft',
          { ...b, period: b.period ?? 'MONTHLY' },
          'Draft controls can only be added to draft catalogs',
        ),
    }),
    route({
      method: 'PATCH',
      path: '/controls/:id/finalize',
      access: WRITERS,
      summary:
        'Finalize a draft control (its catalog must be finalized; needs params.endpoint and threshold)',
      params: idParams,
      response: control,
      handler: async ({ params: { id } }) => {
        const row = await controlOr404(id);
        if (row.status !== 'draft') throw new HttpError(400, 'Only draft controls can be finalized');
        const catalog = await catalogs.get(row.catalog_id);
        if (!catalog) throw notFound('Associated catalog not found');
        if (catalog.status !== 'finalized')
          throw new HttpError(400, 'Cannot finalize a control that belongs to a draft catalog');
        requireParams(row.params);
        return controls.update(id, { status: 'finalized' });
      },
    }),
    route({
      method: 'GET',
      path: '/controls/:id',
      access: 'authenticated',
      summary: 'A control',
      params: idParams,
      response: control,
      handler: async ({ params: { id } }) => toControl(await controlOr404(id)),
    }),
    route({
      method: 'POST',
      path: '/controls',
      access: WRITERS,
      summary: 'Create a finalized control (in a finalized catalog; needs params.endpoint and threshold)',
      body: createBody,
      status: 201,
      response: control,
      handler: ({ body: b }) =>
        createIn(
          'finalized',
          b,
          'Finalized controls can only be added to finalized catalogs; use POST /controls/drafts',
        ),
    }),
    route({
      method: 'PATCH',
      path: '/controls/:id',
      access: WRITERS,
      summary: 'Update a control (finalize through PATCH /controls/:id/finalize)',
      params: idParams,
      body: updateBody,
      response: control,
      handler: async ({ params: { id }, body: b }) => {
        const row = await controlOr404(id);
        refuseStatusChange('control', row.status, b.status);
        if (row.status === 'finalized') requireParams(b.params ?? row.params);
        if (b.catalogId !== undefined && b.catalogId !== row.catalog_id) {
          const target = await catalogOr404(b.catalogId);
          if (target.status !== row.status)
            throw new HttpError(400, `A ${row.status} control can only move to a ${row.status} catalog`, [
              { path: 'catalogId', message: `the catalog is ${target.status}` },
            ]);
        }
        const input: ControlInput = { ...b, status: undefined };
        return controls.update(id, input);
      },
    }),
    ...itemRoutes(
      '/controls/:id',
      { params: idParams, notFound: CONTROL_NOT_FOUND },
      {
        remove: {
          summary: 'Delete a control (and its computations, panels rows and scope sets)',
          remove: ({ id }) => controls.delete(id),
        },
      },
    ),

    // ---- panels (rows only; the Grafana side is the grafana feature's)
    route({
      method: 'GET',
      path: '/controls/:id/panels',
      access: 'authenticated',
      summary: 'Grafana panels attached to a control (every row; or a page)',
      params: idParams,
      query: pageQuery,
      response: panel.array(),
      handler: async ({ params: { id }, query: { limit, offset } }) => {
        await controlOr404(id);
        return jsonList(db, controls.panelsQuery(id), { limit, offset });
      },
    }),
    route({
      method: 'POST',
      path: '/controls/:id/panel/:panelId',
      access: WRITERS,
      summary: 'Attach a Grafana panel to a control',
      params: panelParams,
      body: panelBody,
      status: 201,
      response: panelAdded,
      handler: async ({ params: { id, panelId }, body: { dashboardUid } }) => {
        await controlOr404(id);
        const data = await controls.addPanel(id, panelId, dashboardUid);
        return { message: 'Panel added to control', data };
      },
    }),
    route({
      method: 'DELETE',
      path: '/controls/:id/panels/:panelId',
      access: WRITERS,
      summary: 'Detach a Grafana panel from a control',
      params: panelParams,
      status: 204,
      handler: async ({ params: { id, panelId } }) => {
        if (!(await controls.deletePanel(id, panelId))) throw notFound('Panel not found');
      },
    }),

    ...computationRoutes('/controls/:controlId/computations', ''),
    ...computationRoutes('/controls/controls/:controlId/computations', " (the original's doubled path)"),
  ];
}
