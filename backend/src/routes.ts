// The router registry: every feature router is mounted here, under the API prefix, after the
// common middleware (request id, logs, helmet, CORS, cookies, JSON) and before the 404 and error
// handlers that createApp() adds last.
//
// To add a feature: write `src/features/<name>/router.ts` exporting `<name>Router(deps)`, import it
// here and add one line, e.g.
//   app.use(`${prefix}/users`, usersRouter(deps));
// Keep the order deliberate: routers that serve public paths first (users, scripts), then the rest.
import type express from 'express';
import type { AppDeps } from './app.js';
import { authRouter } from './features/auth/index.js';
import { catalogsRouter } from './features/catalogs/router.js';
import { computationsRouter } from './features/computations/router.js';
import { featureGate } from './features/config/gate.js';
import { configRouter } from './features/config/router.js';
import { controlsRouter } from './features/controls/router.js';
import { pointsRouter } from './features/points/router.js';
import { scopesRouter } from './features/scopes/router.js';
import { scriptsRouter } from './features/scripts/router.js';
import { secretsRouter } from './features/secrets/router.js';
import { noderedRouter } from './features/nodered/router.js';
import { runsRouter } from './features/runs/router.js';
import { computationsStartRouter } from './features/runs/computations.js';
import { registryRouter } from './features/registry/router.js';
import { grafanaRouter } from './features/grafana/router.js';
import { allThreadsRouter, assistantRouter, threadRouter } from './features/assistant/router.js';
import { docsRouter } from './features/docs/router.js';
import { platformHealthRouter } from './features/health/platform.js';

export function mountFeatureRouters(app: express.Express, deps: AppDeps): void {
  const prefix = deps.config.API_PREFIX;
  // FIRST: authentication (req.auth) and the policy table (features/auth/policy.ts) for every route
  // under the prefix, then /users. Other routers go below; access rules go in the policy table.
  app.use(prefix, authRouter(deps));
  app.use(prefix, featureGate(deps)); // flags of /config: a disabled feature answers 404
  app.use(`${prefix}/health`, platformHealthRouter(deps)); // only GET /platform (public)
  app.use(`${prefix}/nodered`, noderedRouter(deps));
  app.use(`${prefix}/controls`, runsRouter(deps)); // only POST /:id/run
  app.use(`${prefix}/computations`, computationsStartRouter(deps)); // only POST /
  app.use(`${prefix}/catalogs`, registryRouter(deps)); // only GET /:tpaId/points
  app.use(`${prefix}/grafana`, grafanaRouter(deps));
  app.use(`${prefix}/assistant`, assistantRouter(deps));
  app.use(`${prefix}/thread`, threadRouter(deps));
  app.use(`${prefix}/threads`, allThreadsRouter(deps));
  app.use(`${prefix}/scripts`, scriptsRouter(deps));
  app.use(`${prefix}/catalogs`, catalogsRouter(deps));
  app.use(`${prefix}/controls`, controlsRouter(deps));
  app.use(`${prefix}/computations`, computationsRouter(deps));
  app.use(`${prefix}/points`, pointsRouter(deps));
  app.use(`${prefix}/scopes`, scopesRouter(deps));
  app.use(`${prefix}/config`, configRouter(deps));
  app.use(`${prefix}/secrets`, secretsRouter(deps));
  app.use(`${prefix}/docs`, docsRouter(deps)); // OpenAPI document and docs page (public)
}
