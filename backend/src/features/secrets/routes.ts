// /api/v1/secrets: the caller's own secrets. The plaintext value is returned once, in the create
// response; every other answer masks it. Another user's secret is indistinguishable from a missing
// one (404), admins included.
import { isUniqueViolation } from '../../http/domain.js';
import { HttpError, unauthorized } from '../../http/errors.js';
import type { AuthContext } from '../auth/middleware.js';
import { jsonList } from '../../http/lists.js';
import { route, type Route } from '../../http/route.js';
import type { AppServices } from '../../services.js';
import { SecretsRepository } from './repository.js';
import { createBody, idParams, listQuery, secret, updateBody } from './schemas.js';

const NOT_FOUND = 'Secret not found or access denied';
const nameTaken = () =>
  new HttpError(409, 'A secret with this name already exists.', [
    { path: 'name', message: 'already exists' },
  ]);

function owner(auth: AuthContext | undefined): { id: number; username: string } {
  if (!auth) throw unauthorized();
  return { id: Number(auth.userId), username: auth.username };
}

export function secretsRoutes(s: Pick<AppServices, 'db' | 'secretBox'>): Route[] {
  const secrets = new SecretsRepository(s.db, s.secretBox);

  return [
    route({
      method: 'GET',
      path: '/secrets',
      access: 'authenticated',
      summary:
        "The caller's secrets, values masked (every row; or a page with ?limit=&offset=, X-Total-Count and Link)",
      query: listQuery,
      response: secret.array(),
      handler: ({ auth, query: { limit, offset } }) =>
        jsonList(s.db, secrets.listQuery(owner(auth).id), { limit, offset }),
    }),
    route({
      method: 'POST',
      path: '/secrets',
      access: 'authenticated',
      summary: 'Store a secret (AES-256-GCM); the only answer that shows its value',
      body: createBody,
      status: 201,
      handler: async ({ res, auth, body }) => {
        const me = owner(auth);
        const row = await secrets.create(me.id, me.username, body);
        if (!row) throw nameTaken();
        res.setHeader('Cache-Control', 'no-store');
        return { message: 'Secret created successfully', ...row, value: body.value };
      },
    }),
    route({
      method: 'GET',
      path: '/secrets/:id',
      access: 'authenticated',
      summary: 'Get a secret (value masked)',
      params: idParams,
      response: secret,
      handler: async ({ auth, params: { id } }) => {
        const row = await secrets.get(owner(auth).id, id);
        if (!row) throw new HttpError(404, NOT_FOUND);
        return row;
      },
    }),
    route({
      method: 'PATCH',
      path: '/secrets/:id',
      access: 'authenticated',
      summary: 'Update a secret (a new value rotates it: version + 1)',
      params: idParams,
      body: updateBody,
      handler: async ({ auth, params: { id }, body }) => {
        let row;
        try {
          row = await secrets.update(owner(auth).id, id, body);
        } catch (err) {
          if (isUniqueViolation(err)) throw nameTaken();
          throw err;
        }
        if (!row) throw new HttpError(404, NOT_FOUND);
        return { message: 'Secret updated successfully', ...row };
      },
    }),
    route({
      method: 'DELETE',
      path: '/secrets/:id',
      access: 'authenticated',
      summary: 'Delete a secret',
      params: idParams,
      status: 204,
      handler: async ({ auth, params: { id } }) => {
        if (!(await secrets.delete(owner(auth).id, id))) throw new HttpError(404, NOT_FOUND);
      },
    }),
  ];
}
