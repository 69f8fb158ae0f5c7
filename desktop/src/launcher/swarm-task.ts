// How a Swarm deployment ends as a console task: Swarm's own automatic rollback is a result of the
// deployment, but the operator must see the task fail, naming what went back and why.
import { StatusError } from '../engine/errors.js';
import type { SwarmDeployResult } from '../engine/swarm/deploy.js';

/** The task's error when Swarm rolled a service back; undefined when everything converged. */
export function swarmTaskError(result: SwarmDeployResult): StatusError | undefined {
  const rolledBack = Object.entries(result.services).filter(([, s]) => s.outcome === 'rolled-back');
  if (!rolledBack.length) return undefined;
  const names = rolledBack.map(([name]) => name);
  const reasons = rolledBack.map(([name, s]) => (s.reason ? `${name}: ${s.reason}` : name)).join('; ');
  return new StatusError(
    'SERVICE_UNHEALTHY',
    `Swarm rolled ${names.join(', ')} back to the previous version: the new one did not become healthy (${reasons}).`,
    `The previous version runs again. \`status-desktop logs ${names[0]}\` shows why the new one failed; deploy again once that is fixed.`,
    { services: names },
  );
}
