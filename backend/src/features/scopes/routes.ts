// /api/v1/scopes: scopes (unique normalized names) and /scopes/sets (scope sets as JSONB rows).
// Lists answer every row, or one page with X-Total-Count and Link.
import { isForeignKeyViolation, isUniqueViolation } from '../../http/domain.js';
import { HttpError } from '../../http/errors.js';
import { itemRoutes } from '../../http/item-routes.js';
import { jsonList } from '../../http/lists.js';
import { route, WRITERS, type Route } from '../../http/route.js';
import type { AppServices } from '../../services.js';
import { ScopesRepository } from './repository.js';
import {
  controlIdParams,
  createScopeBody,
  createSetBody,
  pageQuery,
  scope,
  scopeIdParams,
  scopeSet,
  setIdParams,
  setsQuery,
  updateScopeBody,
  updateSetBody,
} from './schemas.js';

const nameTaken = () =>
  new HttpError(409, 'A scope with this name already exists', [{ path: 'name', message: 'already exists' }]);
const unknownControl = () =>
  new HttpError(400, 'Unknown controlId', [{ path: 'controlId', message: 'no control with that id' }]);

async function mapDbErrors<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken();
    if (isForeignKeyViolation(err)) throw unknownControl();
    throw err;
  }
}

export function scopesRoutes(s: Pick<AppServices, 'db'>): Route[] {
  const scopes = new ScopesRepository(s.db);

  return [
    // ---- scope sets
    route({
      method: 'GET',
      path: '/scopes/sets',
      access: 'authenticated',
      summary: 'List scope sets, optionally of one control (every row; or a page with ?limit=&offset=)',
      query: setsQuery,
      response: scopeSet.array(),
      handler: ({ query: { limit, offset, ...filter } }) =>
        jsonList(s.db, scopes.setsQuery(filter), { limit, offset }),
    }),
    route({
      method: 'POST',
      path: '/scopes/sets',
      access: WRITERS,
      summary: 'Create a scope set (one combination of scope values of a control)',
      body: createSetBody,
      status: 201,
      response: scopeSet,
      handler: ({ body: b }) => mapDbErrors(scopes.createSet(b.controlId, b.scopes)),
    }),
    route({
      method: 'GET',
      path: '/scopes/sets/control/:controlId',
      access: 'authenticated',
      summary: 'Scope sets of a control (every row; or a page)',
      params: controlIdParams,
      query: pageQuery,
      response: scopeSet.array(),
      handler: ({ params: { controlId }, query: { limit, offset } }) =>
        jsonList(s.db, scopes.setsQuery({ controlId }), { limit, offset }),
    }),
    ...itemRoutes(
      '/scopes/sets/:id',
      { params: setIdParams, response: scopeSet, notFound: 'ScopeSet not found' },
      {
        get: { summary: 'A scope set', find: ({ id }) => scopes.getSet(id) },
        update: {
          summary: 'Update a scope set',
          body: updateSetBody,
          apply: ({ id }, body) => mapDbErrors(scopes.updateSet(id, body)),
        },
        remove: { summary: 'Delete a scope set', remove: ({ id }) => scopes.deleteSet(id) },
      },
    ),

    // ---- scopes
    route({
      method: 'GET',
      path: '/scopes',
      access: 'authenticated',
      summary: 'List scopes by name (every row; or a page with ?limit=&offset=, X-Total-Count and Link)',
      query: pageQuery,
      response: scope.array(),
      handler: ({ query: { limit, offset } }) => jsonList(s.db, scopes.listQuery(), { limit, offset }),
    }),
    route({
      method: 'POST',
      path: '/scopes',
      access: WRITERS,
      summary: 'Create a scope (name normalized: lower case, spaces → _; unique)',
      body: createScopeBody,
      status: 201,
      response: scope,
      handler: ({ body }) => mapDbErrors(scopes.create(body)),
    }),
    ...itemRoutes(
      '/scopes/:id',
      { params: scopeIdParams, response: scope, notFound: 'Scope not found' },
      {
        get: { summary: 'A scope', find: ({ id }) => scopes.get(id) },
        update: {
          summary: 'Update a scope',
          body: updateScopeBody,
          apply: ({ id }, body) => mapDbErrors(scopes.update(id, body)),
        },
        remove: { summary: 'Delete a scope', remove: ({ id }) => scopes.delete(id) },
      },
    ),
  ];
}
