// /api/v1/scopes: scopes (unique normalized names) and /scopes/sets (scope sets as JSONB rows).
import { Router } from 'express';
import type { AppDeps } from '../../app.js';
import { isForeignKeyViolation, isUniqueViolation } from '../../http/domain.js';
import { HttpError, notFound } from '../../http/errors.js';
import { validateBody, validateParams, validateQuery } from '../../http/validate.js';
import { ScopesRepository } from './repository.js';
import {
  controlIdParams,
  createScopeBody,
  createSetBody,
  pageQuery,
  scopeIdParams,
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

export function scopesRouter(deps: AppDeps): Router {
  const router = Router();
  const scopes = new ScopesRepository(deps.db);

  // ---- scope sets (before /:id)
  router.get('/sets', async (req, res) => {
    res.json(await scopes.listSets(validateQuery(setsQuery, req)));
  });
  router.post('/sets', async (req, res) => {
    const b = validateBody(createSetBody, req);
    res.status(201).json(await mapDbErrors(scopes.createSet(b.controlId, b.scopes)));
  });
  router.get('/sets/control/:controlId', async (req, res) => {
    const { controlId } = validateParams(controlIdParams, req);
    res.json(await scopes.listSets({ controlId, ...validateQuery(pageQuery, req) }));
  });
  router.get('/sets/:id', async (req, res) => {
    const { id } = validateParams(setIdParams, req);
    const s = await scopes.getSet(id);
    if (!s) throw notFound('ScopeSet not found');
    res.json(s);
  });
  router.put('/sets/:id', async (req, res) => {
    const { id } = validateParams(setIdParams, req);
    const s = await mapDbErrors(scopes.updateSet(id, validateBody(updateSetBody, req)));
    if (!s) throw notFound('ScopeSet not found');
    res.json(s);
  });
  router.delete('/sets/:id', async (req, res) => {
    const { id } = validateParams(setIdParams, req);
    if (!(await scopes.deleteSet(id))) throw notFound('ScopeSet not found');
    res.status(204).end();
  });

  // ---- scopes
  router.get('/', async (req, res) => {
    const q = validateQuery(pageQuery, req);
    res.json(await scopes.list(q.limit, q.offset));
  });
  router.post('/', async (req, res) => {
    res.status(201).json(await mapDbErrors(scopes.create(validateBody(createScopeBody, req))));
  });
  router.get('/:id', async (req, res) => {
    const { id } = validateParams(scopeIdParams, req);
    const s = await scopes.get(id);
    if (!s) throw notFound('Scope not found');
    res.json(s);
  });
  router.put('/:id', async (req, res) => {
    const { id } = validateParams(scopeIdParams, req);
    const s = await mapDbErrors(scopes.update(id, validateBody(updateScopeBody, req)));
    if (!s) throw notFound('Scope not found');
    res.json(s);
  });
  router.delete('/:id', async (req, res) => {
    const { id } = validateParams(scopeIdParams, req);
    if (!(await scopes.delete(id))) throw notFound('Scope not found');
    res.status(204).end();
  });

  return router;
}
