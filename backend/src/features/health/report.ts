// GET /api/v1/health: the API's own health, for the stack's checks and for people. The API needs
// only PostgreSQL and Redis; Node-RED, Grafana and the Governify registry each serve some routes
// (which answer 503 naming them while they are away). So:
//   200 { status: 'up' }        every dependency answers
//   200 { status: 'degraded' }  PostgreSQL and Redis answer, an optional service does not
//   503 { status: 'down' }      PostgreSQL or Redis does not answer
// `services` has one word per dependency; `details` says why one is not up. The old top-level
// `postgres` / `redis` fields ('ok' | 'down') stay for whoever reads them.
import { REQUIRED_SERVICES, type PlatformHealth, type ServiceName } from './platform.js';

export type DependencyState = 'up' | 'degraded' | 'down';
export type OverallHealth = 'up' | 'degraded' | 'down';

export interface HealthReport {
  status: OverallHealth;
  services: Record<ServiceName, DependencyState>;
  /** Only services that are not up: the probe's reason ("cannot reach it (ECONNREFUSED)"). */
  details?: Partial<Record<ServiceName, string>>;
  /** Which services the API cannot serve without (the others are optional). */
  required: ServiceName[];
  /** The original answer's fields. */
  postgres: 'ok' | 'down';
  redis: 'ok' | 'down';
}

/** The answer of GET /health from one probe round (features/health/platform.ts) and its status. */
export function healthReport(platform: PlatformHealth): { httpStatus: 200 | 503; body: HealthReport } {
  const services = {} as Record<ServiceName, DependencyState>;
  const details: Partial<Record<ServiceName, string>> = {};
  for (const s of platform.services) {
    services[s.name] = s.status === 'ok' ? 'up' : 'down';
    if (s.status !== 'ok' && s.detail) details[s.name] = s.detail;
  }
  const required = REQUIRED_SERVICES.filter((name) => name in services);
  const requiredDown = required.some((name) => services[name] !== 'up');
  const anyDown = Object.values(services).some((state) => state !== 'up');
  const status: OverallHealth = requiredDown ? 'down' : anyDown ? 'degraded' : 'up';
  const legacy = (name: ServiceName) => (services[name] === 'up' ? 'ok' : 'down');
  const body: HealthReport = {
    status,
    services,
    ...(Object.keys(details).length ? { details } : {}),
    required: [...required],
    postgres: legacy('postgres'),
    redis: legacy('redis'),
  };
  return { httpStatus: requiredDown ? 503 : 200, body };
}
