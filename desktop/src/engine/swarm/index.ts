// Deploying the platform to a Docker Swarm from the same Compose definition: plan (plan.ts), apply
// and converge (deploy.ts), and `ps` / `logs` against the deployment (status.ts, logs.ts).
export { swarmInfo } from './cluster.js';
export {
  deployToSwarm,
  type ServiceOutcome,
  type SwarmDeployOptions,
  type SwarmDeployResult,
} from './deploy.js';
export { swarmLogs } from './logs.js';
export { planDeployment } from './plan.js';
export { swarmServices, swarmStatus } from './status.js';
export type { Routing } from './types.js';
