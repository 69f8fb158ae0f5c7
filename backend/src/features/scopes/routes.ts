// /api/v1/scopes: scopes (unique normalized names) and /scopes/sets (scope sets as JSONB rows).
// Lists answer every row, or one page with X-Total-Count and Link.
import { isForeignKeyViolation, isUniqueViolation } from '../../http/domain.js';
import { HttpError, notFound } from '../../http/errors.js';
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
  const SET_NOT_FOUND = 'ScopeSet not found';
  const SCOPE_NOT_FOUND = 'Scope not found';

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
    route({
      method: 'GET',
      path: '/scopes/sets/:id',
      access: 'authenticated',
      summary: 'A scope set',
      params: setIdParams,
      response: scopeSet,
      handler: async ({ params: { id } }) => {
        const set = await scopes.getSet(id);
        if (!set) throw notFound(SET_NOT_FOUND);
        return set;
      },
    }),
    route({
      method: 'PUT',
      path: '/scopes/sets/:id',
      access: WRITERS,
      summary: 'Update a scope set',
      params: setIdParams,
      body: updateSetBody,
      response: scopeSet,
      handler: async ({ params: { id }, body }) => {
        const set = await mapDbErrors(scopes.updateSet(id, body));
        if (!set) throw notFound(SET_NOT_FOUND);
        return set;
      },
    }),
    route({
      method: 'DELETE',
      path: '/scopes/sets/:id',
      access: WRITERS,
      summary: 'Delete a scope set',
      params: setIdParams,
      status: 204,
      handler: async ({ params: { id } }) => {
        if (!(await scopes.deleteSet(id))) throw notFound(SET_NOT_FOUND);
      },
    }),

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
    route({
      method: 'GET',
      path: '/scopes/:id',
      access: 'authenticated',
      summary: 'A scope',
      params: scopeIdParams,
      response: scope,
      handler: async ({ params: { id } }) => {
        const scope = await scopes.get(id);
        if (!scope) throw notFound(SCOPE_NOT_FOUND);
        return scope;
      },
    }),
    route({
      method: 'PUT',
      path: '/scopes/:id',
      access: WRITERS,
      summary: 'Update a scope',
      params: scopeIdParams,
      body: updateScopeBody,
      response: scope,
      handler: async ({ params: { id }, body }) => {
        const scope = await mapDbErrors(scopes.update(id, body));
        if (!scope) throw notFound(SCOPE_NOT_FOUND);
        return scope;
      },
    }),
    route({
      method: 'DELETE',
      path: '/scopes/:id',
      access: WRITERS,
      summary: 'Delete a scope',
      params: scopeIdParams,
      status: 204,
      handler: async ({ params: { id } }) => {
        if (!(await scopes.delete(id))) throw notFound(SCOPE_NOT_FOUND);
      },
    }),
  ];
}
