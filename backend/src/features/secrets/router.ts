// /api/v1/secrets: the caller's own secrets. The plaintext value is returned once, in the create
// response; every other answer masks it. Another user's secret is indistinguishable from a missing
// one (404), admins included.
import { Router, type Request } from 'express';
import type { AppDeps } from '../../app.js';
import { isUniqueViolation } from '../../http/domain.js';
import { HttpError, unauthorized } from '../../http/errors.js';
import { validateBody, validateParams, validateQuery } from '../../http/validate.js';
import { authServices } from '../auth/index.js';
import { SecretsRepository } from './repository.js';
import { createBody, idParams, listQuery, updateBody } from './schemas.js';

const NOT_FOUND = 'Secret not found or access denied';
const nameTaken = () =>
  new HttpError(409, 'A secret with this name already exists.', [
    { path: 'name', message: 'already exists' },
  ]);

function owner(req: Request): { id: number; username: string } {
  if (!req.auth) throw unauthorized();
  return { id: Number(req.auth.userId), username: req.auth.username };
}

export function secretsRouter(deps: AppDeps): Router {
  const router = Router();
  const secrets = new SecretsRepository(deps.db, authServices(deps).secrets);

  router.get('/', async (req, res) => {
    const q = validateQuery(listQuery, req);
    res.json(await secrets.list(owner(req).id, q.limit, q.offset));
  });

  router.post('/', async (req, res) => {
    const me = owner(req);
    const b = validateBody(createBody, req);
    const row = await secrets.create(me.id, me.username, b);
    if (!row) throw nameTaken();
    res.setHeader('Cache-Control', 'no-store');
    res.status(201).json({ message: 'Secret created successfully', ...row, value: b.value });
  });

  router.get('/:id', async (req, res) => {
    const { id } = validateParams(idParams, req);
    const row = await secrets.get(owner(req).id, id);
    if (!row) throw new HttpError(404, NOT_FOUND);
    res.json(row);
  });

  router.patch('/:id', async (req, res) => {
    const { id } = validateParams(idParams, req);
    const b = validateBody(updateBody, req);
    let row;
    try {
      row = await secrets.update(owner(req).id, id, b);
    } catch (err) {
      if (isUniqueViolation(err)) throw nameTaken();
      throw err;
    }
    if (!row) throw new HttpError(404, NOT_FOUND);
    res.json({ message: 'Secret updated successfully', ...row });
  });

  router.delete('/:id', async (req, res) => {
    const { id } = validateParams(idParams, req);
    if (!(await secrets.delete(owner(req).id, id))) throw new HttpError(404, NOT_FOUND);
    res.status(204).end();
  });

  return router;
}
