// The API's route table: every feature's declared routes (features/<name>/routes.ts), built from
// the services of the composition root. Mounting, authorisation, validation and the OpenAPI
// document all derive from this one list (http/mount.ts, features/docs/openapi.ts).
//
// To add a feature: write `src/features/<name>/routes.ts` exporting `<name>Routes(services)` that
// returns `route({...})` declarations, and add it to `featureRoutes` below.
import type express from 'express';
import type { AppDeps } from './app.js';
import { authRouter } from './features/auth/index.js';
import { authenticate } from './features/auth/middleware.js';
import { catalogsRoutes } from './features/catalogs/routes.js';
import { computationsRouter } from './features/computations/router.js';
import { featureGate } from './features/config/gate.js';
import { configRouter } from './features/config/router.js';
import { controlsRouter } from './features/controls/router.js';
import { docsRoutes } from './features/docs/routes.js';
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
import { platformHealthRouter } from './features/health/platform.js';
import { mountRoutes } from './http/mount.js';
import type { Route } from './http/route.js';
import type { AppServices } from './services.js';

/** Every feature's routes except the documentation's (which documents them). */
export function featureRoutes(s: AppServices): Route[] {
  return [...catalogsRoutes(s)];
}

/** The whole table, the documentation routes included. */
export function routeTable(s: AppServices): Route[] {
  const routes = featureRoutes(s);
  return [...routes, ...docsRoutes({ config: s.config, routes })];
}

/** The router serving the route table, to mount on the API prefix. */
export function apiRouter(s: AppServices): express.Router {
  return mountRoutes(routeTable(s), {
    authenticate: authenticate(s.tokens),
    isDisabled: (gate) => s.flags.isDisabled(gate),
  });
}

// ---- Routers not yet declared as tables (mounted after the table, under the prefix).
export function mountLegacyRouters(app: express.Express, deps: AppDeps): void {
  const prefix = deps.config.API_PREFIX;
  // authentication (req.auth) and the policy table (features/auth/policy.ts) for every legacy route
  app.use(prefix, authRouter(deps));
  app.use(prefix, featureGate(deps)); // flags of /config: a disabled feature answers 404
  app.get(`${prefix}/health`, async (_req, res) => {
    const ok = async (probe: () => Promise<unknown>) =>
      probe().then(
        () => 'ok' as const,
        () => 'down' as const,
      );
    const [postgres, redis] = await Promise.all([
      ok(() => deps.db.query('SELECT 1')),
      ok(() => deps.redis.ping()),
    ]);
    const up = postgres === 'ok' && redis === 'ok';
    res.status(up ? 200 : 503).json({ status: up ? 'ok' : 'degraded', postgres, redis });
  });
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
  app.use(`${prefix}/controls`, controlsRouter(deps));
  app.use(`${prefix}/computations`, computationsRouter(deps));
  app.use(`${prefix}/points`, pointsRouter(deps));
  app.use(`${prefix}/scopes`, scopesRouter(deps));
  app.use(`${prefix}/config`, configRouter(deps));
  app.use(`${prefix}/secrets`, secretsRouter(deps));
}
