// /api/v1/config: the feature-flag rows and the assistant limit. Reads for any signed-in user,
// writes ADMIN only (policy table).
import { Router } from 'express';
import type { AppDeps } from '../../app.js';
import { HttpError, notFound } from '../../http/errors.js';
import { validateBody, validateParams } from '../../http/validate.js';
import { flagCache } from './gate.js';
import { ConfigurationRepository } from './repository.js';
import { limitParams, lookupBody, updateBody } from './schemas.js';

export function configRouter(deps: AppDeps): Router {
  const router = Router();
  const config = new ConfigurationRepository(deps.db, deps.config.API_PREFIX);

  router.get('/', async (_req, res) => {
    res.json(await config.list());
  });

  // The original's lookup by body (POST /config {endpoint}).
  router.post('/', async (req, res) => {
    const { endpoint } = validateBody(lookupBody, req);
    const row = await config.byEndpoint(endpoint);
    if (!row) throw notFound(`Configuration ${endpoint} not found`);
    res.json(row);
  });

  router.put('/', async (req, res) => {
    const { endpoint, available } = validateBody(updateBody, req);
    const row = await config.setAvailable(endpoint, available);
    flagCache(deps).invalidate();
    if (!row) throw notFound(`Configuration with endpoint ${endpoint} not found`);
    res.json({ message: `Configuration ${row.id} updated successfully` });
  });

  router.get('/assistant/limit', async (_req, res) => {
    res.json({ limit: await config.assistantLimit() });
  });

  router.put('/assistant/limit/:limit', async (req, res) => {
    const { limit } = validateParams(limitParams, req);
    if ((await config.setAssistantLimit(limit)) === 'below-count')
      throw new HttpError(400, 'Limit cannot be less than the number of assistants');
    res.json({ message: 'Limit updated successfully' });
  });

  return router;
}
