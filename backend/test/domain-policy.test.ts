// Every route of the domain routers has its own row in the policy table (auth/policy.ts), so no
// domain route falls back to the default access by accident.
import type { Router } from 'express';
import { describe, expect, it } from 'vitest';
import type { AppDeps } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { POLICY } from '../src/features/auth/policy.js';
import { computationsRouter } from '../src/features/computations/router.js';
import { configRouter } from '../src/features/config/router.js';
import { controlsRouter } from '../src/features/controls/router.js';
import { pointsRouter } from '../src/features/points/router.js';
import { scopesRouter } from '../src/features/scopes/router.js';
import { scriptsRouter } from '../src/features/scripts/router.js';
import { secretsRouter } from '../src/features/secrets/router.js';
import { testEnv } from './helpers.js';

const deps = { config: loadConfig(testEnv()), db: {}, redis: {}, logger: {} } as unknown as AppDeps;
const routers: [string, (d: AppDeps) => Router][] = [
  ['/controls', controlsRouter],
  ['/computations', computationsRouter],
  ['/points', pointsRouter],
  ['/scopes', scopesRouter],
  ['/config', configRouter],
  ['/secrets', secretsRouter],
  ['/scripts', scriptsRouter],
];

describe('domain routes in the policy table', () => {
  for (const [base, make] of routers) {
    it(`every ${base} route has a row`, () => {
      const stack = (
        make(deps) as unknown as {
          stack: { route?: { path: string; methods: Record<string, boolean> } }[];
        }
      ).stack;
      const routes = stack.flatMap((l) =>
        l.route
          ? Object.keys(l.route.methods).map((m) => [
              m.toUpperCase(),
              l.route!.path === '/' ? base : base + l.route!.path,
            ])
          : [],
      );
      expect(routes.length).toBeGreaterThan(0);
      for (const [method, path] of routes)
        expect(
          POLICY.some((r) => r.method === method && r.path === path),
          `${method} ${path}`,
        ).toBe(true);
    });
  }
});
