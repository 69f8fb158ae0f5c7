// /api/v1/config: the feature-flag rows and the assistant limit. Reads for any signed-in user,
// writes ADMIN only. A flag update takes effect at once in this process (s.flags.invalidate()).
import { z } from 'zod';
import { HttpError, notFound } from '../../http/errors.js';
import { jsonList } from '../../http/lists.js';
import { ADMIN_ONLY, route, type Route } from '../../http/route.js';
import type { AppServices } from '../../services.js';
import { ConfigurationRepository } from './repository.js';
import { configuration, limitParams, listQuery, lookupBody, updateBody } from './schemas.js';

const message = z.object({ message: z.string() });

export function configRoutes(s: Pick<AppServices, 'db' | 'config' | 'flags'>): Route[] {
  const config = new ConfigurationRepository(s.db, s.config.API_PREFIX);

  return [
    route({
      method: 'GET',
      path: '/config',
      access: 'authenticated',
      summary: 'Feature flags (every row; or a page with ?limit=&offset=, X-Total-Count and Link)',
      query: listQuery,
      response: configuration.array(),
      handler: async ({ query: { limit, offset } }) => {
        await config.ensureSeeded();
        return jsonList(s.db, config.listQuery(), { limit, offset });
      },
    }),
    // The original's lookup by body (POST /config {endpoint}).
    route({
      method: 'POST',
      path: '/config',
      access: 'authenticated',
      summary: 'Look up one feature flag',
      body: lookupBody,
      response: configuration,
      handler: async ({ body: { endpoint } }) => {
        const row = await config.byEndpoint(endpoint);
        if (!row) throw notFound(`Configuration ${endpoint} not found`);
        return row;
      },
    }),
    route({
      method: 'PUT',
      path: '/config',
      access: ADMIN_ONLY,
      summary: 'Set feature flags (ADMIN)',
      body: updateBody,
      response: message,
      handler: async ({ body: { endpoint, available } }) => {
        const row = await config.setAvailable(endpoint, available);
        s.flags.invalidate();
        if (!row) throw notFound(`Configuration with endpoint ${endpoint} not found`);
        return { message: `Configuration ${row.id} updated successfully` };
      },
    }),
    route({
      method: 'GET',
      path: '/config/assistant/limit',
      access: 'authenticated',
      summary: 'Assistant limit',
      response: z.object({ limit: z.number() }),
      handler: async () => ({ limit: await config.assistantLimit() }),
    }),
    route({
      method: 'PUT',
      path: '/config/assistant/limit/:limit',
      access: ADMIN_ONLY,
      summary: 'Set the assistant limit (ADMIN)',
      params: limitParams,
      response: message,
      handler: async ({ params: { limit } }) => {
        if ((await config.setAssistantLimit(limit)) === 'below-count')
          throw new HttpError(400, 'Limit cannot be less than the number of assistants');
        return { message: 'Limit updated successfully' };
      },
    }),
  ];
}
