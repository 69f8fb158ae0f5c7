// POST /api/v1/computations: the entry point of the Governify collector `POST-GET-V1-STATUS`
// (spec §5.4). Starts the metric's Node-RED flow with a fresh computation group and answers 201
// with the poll URL; Node-RED then posts results to /computations/bulk and the registry polls
// GET /computations/:group (features/computations). Fixed from the original: a bad body is one 400
// and stops (B11); a Node-RED failure is one 502 naming the endpoint.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { HttpError } from '../../http/errors.js';
import { NodeRedError, type NodeRedClient } from '../nodered/client.js';

export const startComputationBody = z.object({
  config: z.looseObject({ backendUrl: z.url({ protocol: /^https?$/ }).optional() }).optional(),
  metric: z.looseObject({
    endpoint: z.string({ error: 'metric.endpoint is required' }).min(1, 'metric.endpoint is required'),
    params: z.record(z.string(), z.unknown(), { error: 'metric.params is required (an object)' }),
    scope: z.record(z.string(), z.unknown()).optional(),
    window: z.looseObject({ end: z.string().optional() }).optional(),
  }),
});
export type StartComputation = z.output<typeof startComputationBody>;

/** Starts the metric's flow; returns the original's 201 answer with the poll URL. */
export async function startComputation(
  nodeRed: NodeRedClient,
  prefix: string,
  { config, metric }: StartComputation,
  accessToken: string | undefined,
) {
  const computationGroup = randomUUID();
  const { end, ...window } = metric.window ?? {};
  const payload = {
    computationGroup,
    backendUrl: config?.backendUrl,
    ...metric.params,
    scope: metric.scope ?? {},
    to: end,
    ...window,
  };
  try {
    await nodeRed.callEndpoint(
      metric.endpoint,
      payload,
      accessToken ? { 'x-access-token': accessToken } : {},
    );
  } catch (err) {
    if (err instanceof NodeRedError)
      throw new HttpError(
        502,
        `Starting the computation failed: Node-RED endpoint ${metric.endpoint}: ${err.message}`,
      );
    throw err;
  }
  return { code: 201, message: 'OK', computation: `${prefix}/computations/${computationGroup}` };
}
