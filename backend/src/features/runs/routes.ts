// Runs through Node-RED: POST /api/v1/controls/:id/run runs a control's flow now and stores the
// computation (service.ts); POST /api/v1/computations starts a metric's flow for the Governify
// collector (computations.ts). Both forward the caller's token to Node-RED as `x-access-token`.
// The control run is in the throughput bench: one query to load, one to store, nothing else.
import { z } from 'zod';
import { serialId } from '../../http/domain.js';
import { route, WRITERS, type Route } from '../../http/route.js';
import type { AppServices } from '../../services.js';
import { extractAccessToken } from '../auth/middleware.js';
import { startComputation, startComputationBody } from './computations.js';
import { loadControl, runControl } from './service.js';

const runParams = z.object({ id: serialId('id') });
const runBody = z.object({ scope: z.record(z.string(), z.unknown()).optional() }).strict();
/** What a run answers (service.ts RunResult). */
export const runResult = z.strictObject({
  value: z.boolean(),
  computationId: z.uuid(),
  computationGroup: z.uuid(),
  controlId: z.number().int(),
  scope: z.record(z.string(), z.unknown()),
  evidences: z.array(z.unknown()),
  period: z.strictObject({ from: z.string(), to: z.string() }),
});
/** The original's answer to starting a computation: where to poll. */
export const started = z.strictObject({
  code: z.literal(201),
  message: z.literal('OK'),
  computation: z.string(),
});

export function runsRoutes(s: Pick<AppServices, 'db' | 'nodeRed' | 'now' | 'config'>): Route[] {
  return [
    route({
      method: 'POST',
      path: '/controls/:id/run',
      access: WRITERS,
      summary:
        'Run a control through its Node-RED flow now (for the period ending now, in an optional scope) and store the computation',
      params: runParams,
      body: runBody,
      response: runResult,
      handler: async ({ req, params: { id }, body: { scope } }) => {
        const control = await loadControl(s.db, id);
        return runControl(s.db, s.nodeRed, control, {
          scope,
          now: new Date(s.now()),
          accessToken: extractAccessToken(req),
        });
      },
    }),
    route({
      method: 'POST',
      path: '/computations',
      access: 'authenticated',
      summary:
        "Start a computation (the Governify collector POST-GET-V1-STATUS): runs the metric's Node-RED flow and answers 201 with the URL to poll",
      body: startComputationBody,
      status: 201,
      response: started,
      handler: ({ req, body }) =>
        startComputation(s.nodeRed, s.config.API_PREFIX, body, extractAccessToken(req)),
    }),
  ];
}
