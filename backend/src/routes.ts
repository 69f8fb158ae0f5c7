// The API's route table: every feature's declared routes (features/<name>/routes.ts), built from
// the services of the composition root. Mounting, authorisation, validation and the OpenAPI
// document all derive from this one list (http/mount.ts, features/docs/openapi.ts).
//
// To add a feature: write `src/features/<name>/routes.ts` exporting `<name>Routes(services)` that
// returns `route({...})` declarations, and add it to `featureRoutes` below.
import type { RequestHandler } from 'express';
import { authenticator } from './features/auth/middleware.js';
import { githubRoutes } from './features/auth/github.js';
import { authRoutes } from './features/auth/routes.js';
import { catalogsRoutes } from './features/catalogs/routes.js';
import { computationsRoutes } from './features/computations/routes.js';
import { controlsRoutes } from './features/controls/routes.js';
import { pointsRoutes } from './features/points/routes.js';
import { registryRoutes } from './features/registry/routes.js';
import { runsRoutes } from './features/runs/routes.js';
import { scopesRoutes } from './features/scopes/routes.js';
import { scriptsRoutes } from './features/scripts/routes.js';
import { configRoutes } from './features/config/routes.js';
import { docsRoutes } from './features/docs/routes.js';
import { secretsRoutes } from './features/secrets/routes.js';
import { noderedRoutes } from './features/nodered/routes.js';
import { usersRoutes } from './features/users/routes.js';
import { grafanaRoutes } from './features/grafana/routes.js';
import { assistantRoutes } from './features/assistant/routes.js';
import { healthRoutes } from './features/health/routes.js';
import { createDispatcher, type Dispatcher } from './http/mount.js';
import type { Route } from './http/route.js';
import type { AppServices } from './services.js';

/** Every feature's routes except the documentation's (which documents them). */
export function featureRoutes(s: AppServices): Route[] {
  return [
    ...healthRoutes(s),
    ...catalogsRoutes(s),
    ...authRoutes(s),
    ...usersRoutes(s),
    ...githubRoutes(s),
    ...noderedRoutes(s),
    ...configRoutes(s),
    ...secretsRoutes(s),
    ...grafanaRoutes(s),
    ...assistantRoutes(s),
    ...controlsRoutes(s),
    ...computationsRoutes(s),
    ...runsRoutes(s),
    ...pointsRoutes(s),
    ...scopesRoutes(s),
    ...scriptsRoutes(s),
    ...registryRoutes(s),
  ];
}

/** The whole table, the documentation routes included. */
export function routeTable(s: AppServices): Route[] {
  const routes = featureRoutes(s);
  return [...routes, ...docsRoutes({ config: s.config, routes })];
}

/** The dispatcher serving the route table (paths below the API prefix). */
export function apiDispatcher(s: AppServices, parseBody: RequestHandler): Dispatcher {
  return createDispatcher(routeTable(s), {
    authenticate: authenticator(s.tokens),
    isDisabled: (gate) => s.flags.isDisabled(gate),
    parseBody,
  });
}
