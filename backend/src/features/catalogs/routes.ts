// /api/v1/catalogs: list (search by name, filter by status; every row, or one page with
// X-Total-Count and Link), drafts, get, create (draft or finalized), update, delete, finalize
// (tpa-<uuid>), and the controls of a catalog. `GET /catalogs/:tpaId/points` belongs to the
// registry feature.
import type pg from 'pg';
import { HttpError, notFound } from '../../http/errors.js';
import type { ListCache } from '../../http/list-cache.js';
import { itemRoutes } from '../../http/item-routes.js';
import { jsonList } from '../../http/lists.js';
import { route, WRITERS, type Route } from '../../http/route.js';
import { RawJson } from '../../http/send.js';
import { ControlsRepository } from '../controls/repository.js';
import { refuseStatusChange } from './publishing.js';
import { CatalogsRepository } from './repository.js';
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

export function catalogsRoutes(deps: { db: pg.Pool; listCache?: ListCache | undefined }): Route[] {
  const catalogs = new CatalogsRepository(deps.db);
  const controls = new ControlsRepository(deps.db);

  return [
    route({
      method: 'GET',
      path: '/catalogs',
      access: 'authenticated',
      summary: 'List catalogs (every row; or a page with ?limit=&offset=, X-Total-Count and Link)',
      query: listQuery,
      handler: ({ query: { limit, offset, ...filter } }) =>
        jsonList(
          deps.db,
          catalogs.listQuery(filter),
          { limit, offset },
          { cache: deps.listCache, key: 'catalogs' },
        ),
    }),
    route({
      method: 'GET',
      path: '/catalogs/drafts',
      access: 'authenticated',
      summary: 'List draft catalogs',
      query: pageQuery,
      handler: ({ query: { limit, offset } }) =>
        jsonList(
          deps.db,
          catalogs.listQuery({ status: 'draft' }),
          { limit, offset },
          { cache: deps.listCache, key: 'catalogs' },
        ),
    }),
    route({
      method: 'POST',
      path: '/catalogs/drafts',
      access: WRITERS,
      summary: 'Create a draft catalog',
      body: createDraftBody,
      status: 201,
      handler: ({ body }) => catalogs.create({ ...body, status: 'draft' }),
    }),
    route({
      method: 'PATCH',
      path: '/catalogs/:id/finalize',
      access: WRITERS,
      summary: 'Finalize a draft catalog and its draft controls (assigns a tpaId)',
      params: idParams,
      handler: async ({ params: { id } }) => {
        const r = await catalogs.finalize(id);
        if (r.ok) return { catalog: r.catalog, controls: { finalized: r.finalized } };
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
      },
    }),
    route({
      method: 'GET',
      path: '/catalogs/:id',
      access: 'authenticated',
      summary: 'A catalog',
      params: idParams,
      handler: async ({ params: { id } }) => {
        const json = await catalogs.getJson(id);
        if (!json) throw notFound(CATALOG_NOT_FOUND);
        return new RawJson(json);
      },
    }),
    route({
      method: 'POST',
      path: '/catalogs',
      access: WRITERS,
      summary: 'Create a catalog (finalized unless status is draft)',
      body: createBody,
      status: 201,
      handler: ({ body }) => catalogs.create(body),
    }),
    route({
      method: 'PATCH',
      path: '/catalogs/:id',
      access: WRITERS,
      summary: 'Update a catalog',
      params: idParams,
      body: updateBody,
      handler: async ({ params: { id }, body: b }) => {
        const row = await catalogs.get(id);
        if (!row) throw notFound(CATALOG_NOT_FOUND);
        refuseStatusChange('catalog', row.status, b.status);
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
        return updated;
      },
    }),
    ...itemRoutes(
      '/catalogs/:id',
      { params: idParams, notFound: CATALOG_NOT_FOUND },
      { remove: { summary: 'Delete a catalog (and its controls)', remove: ({ id }) => catalogs.delete(id) } },
    ),
    route({
      method: 'GET',
      path: '/catalogs/:catalogId/controls',
      access: 'authenticated',
      summary: 'Controls of a catalog (every row; or a page with ?limit=&offset=, X-Total-Count and Link)',
      params: catalogIdParams,
      query: pageQuery,
      handler: async ({ params: { catalogId }, query: { limit, offset } }) => {
        if (!(await catalogs.get(catalogId))) throw notFound(CATALOG_NOT_FOUND);
        return jsonList(
          deps.db,
          controls.listQuery({ catalogId }),
          { limit, offset },
          { cache: deps.listCache, key: ['catalogs', 'controls'] },
        );
      },
    }),
  ];
}
