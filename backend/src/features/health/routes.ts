// /api/v1/health (the API and its dependencies, report.ts) and /api/v1/health/platform (every
// platform service, platform.ts). Public and never gated. Both read one probe round, cached for
// two seconds and shared by concurrent callers, so polling them costs the services almost nothing.
import { z } from 'zod';
import { route, type Route } from '../../http/route.js';
import { sendJson } from '../../http/send.js';
import { PlatformHealthCache, type HealthDeps } from './platform.js';
import { healthReport } from './report.js';

const state = z.enum(['up', 'degraded', 'down']);
const serviceNames = ['postgres', 'redis', 'nodered', 'grafana', 'registry'] as const;

export const healthAnswer = z.object({
  status: state,
  services: z.object(
    Object.fromEntries(serviceNames.map((n) => [n, state])) as Record<
      (typeof serviceNames)[number],
      typeof state
    >,
  ),
  details: z.partialRecord(z.enum(serviceNames), z.string()).optional(),
  required: z.array(z.enum(serviceNames)),
  postgres: z.enum(['ok', 'down']),
  redis: z.enum(['ok', 'down']),
});

export const platformAnswer = z.object({
  status: z.enum(['ok', 'degraded']),
  services: z.array(
    z.object({ name: z.enum(serviceNames), status: z.enum(['ok', 'down']), detail: z.string().optional() }),
  ),
});

export function healthRoutes(deps: HealthDeps): Route[] {
  const cache = new PlatformHealthCache(deps);
  return [
    route({
      method: 'GET',
      path: '/health',
      access: 'public',
      gate: false,
      summary:
        'The API and its dependencies: 200 up or degraded (an optional service is down), 503 when PostgreSQL or Redis is down',
      response: healthAnswer,
      handler: async ({ req, res }) => {
        const { httpStatus, body } = healthReport(await cache.get());
        await sendJson(req, res, httpStatus, body);
      },
    }),
    route({
      method: 'GET',
      path: '/health/platform',
      access: 'public',
      gate: false,
      summary: 'Every platform service, as the backend sees it (always 200)',
      response: platformAnswer,
      handler: () => cache.get(),
    }),
  ];
}
