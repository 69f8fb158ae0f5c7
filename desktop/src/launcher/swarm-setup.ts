// The setup steps `up` runs (engine/setup/platform.ts), on a Swarm. They run against the Swarm's
// own tasks, on the engine we talk to (a manager):
//   grafana-database: Grafana's database and role, by the postgres task's container running
//                     stack/postgres/grafana-db.sh (with the secrets its entrypoint exports), as
//                     soon as postgres has converged: an older volume lacks it and Grafana waits.
//   grafana-token:    the backend's Grafana service-account token, once every service converged,
//                     through a tunnel (engine/swarm/tunnel.ts) in a backend task's container to
//                     grafana:3000 on the overlay. A new token means a new backend spec: deploySwarm
//                     deploys again and Swarm replaces the backend's tasks one by one.
// A step that cannot run here (its task is on another node) or fails is reported with the reason,
// as up warns: STATUS runs without it, degraded where it matters.
import type Docker from 'dockerode';
import type { ComposeProject } from '../engine/compose/types.js';
import { execInContainer } from '../engine/docker/exec.js';
import { isStatusError } from '../engine/errors.js';
import type { ProgressListener } from '../engine/progress.js';
import type { SettingsStore } from '../engine/settings/index.js';
import { GRAFANA_DB_SCRIPT } from '../engine/setup/grafana-db.js';
import { ensureGrafanaToken, grafanaSubPath } from '../engine/setup/grafana-token.js';
import { secretEntrypoint } from '../engine/swarm/secrets.js';
import { localTaskContainer } from '../engine/swarm/task-container.js';
import { openTunnel } from '../engine/swarm/tunnel.js';

export type SwarmSetupStepName = 'grafana-database' | 'grafana-token';

export interface SwarmSetupStep {
  step: SwarmSetupStepName;
  /** done; not-run: it cannot run from this engine; failed: it ran and did not work. */
  outcome: 'done' | 'not-run' | 'failed';
  message: string;
}

export interface SwarmSetupDeps {
  docker: Docker;
  store: Pick<SettingsStore, 'secrets' | 'setOperatorSecrets'>;
  onProgress: ProgressListener;
  signal?: AbortSignal;
}

const GRAFANA_PORT = 3000;
const SCRIPT_TIMEOUT_MS = 60_000;
const ON_THIS_ENGINE =
  'Deploy from an engine that is (or runs on) that node, e.g. DOCKER_HOST pointing at it if it is a manager.';

/** The step's outcome told as progress (a warning when it did not happen); returned for the result. */
function report(deps: SwarmSetupDeps, service: string, step: SwarmSetupStep): SwarmSetupStep {
  if (step.outcome === 'done')
    deps.onProgress({ type: 'service', service, phase: 'healthy', message: step.message });
  else deps.onProgress({ type: 'warning', message: step.message });
  return step;
}

/** Grafana's database in PostgreSQL; undefined when the project has no such step (no script). */
export async function grafanaDatabaseOnSwarm(
  deps: SwarmSetupDeps,
  project: ComposeProject,
): Promise<SwarmSetupStep | undefined> {
  const postgres = project.services.postgres;
  if (!project.services.grafana || !postgres?.configs?.some((c) => c.target === GRAFANA_DB_SCRIPT))
    return undefined;
  const step = 'grafana-database';
  const container = await localTaskContainer(deps.docker, project.name, 'postgres');
  if (!container)
    return report(deps, 'postgres', {
      step,
      outcome: 'not-run',
      message: `Grafana's database was not checked: postgres's task does not run on the engine STATUS Desktop deploys through, so ${GRAFANA_DB_SCRIPT} could not be run in it (a volume made by an older STATUS may lack the database; Grafana then does not start). ${ON_THIS_ENGINE}`,
    });
  const result = await execInContainer(
    container,
    secretEntrypoint(['sh', GRAFANA_DB_SCRIPT]),
    SCRIPT_TIMEOUT_MS,
  );
  if (result.exitCode === 0)
    return report(deps, 'postgres', {
      step,
      outcome: 'done',
      message: "Grafana's database in PostgreSQL is ready",
    });
  const tail = result.output.trim().split('\n').slice(-5).join('\n') || '(no output)';
  return report(deps, 'postgres', {
    step,
    outcome: 'failed',
    message: result.timedOut
      ? `Making Grafana's database in PostgreSQL did not finish within ${SCRIPT_TIMEOUT_MS / 1000} s. Look at the postgres service's logs (status-desktop logs postgres), then deploy again.`
      : `Making Grafana's database in PostgreSQL failed (exit code ${result.exitCode}): ${tail}. Look at the postgres service's logs (status-desktop logs postgres), then deploy again.`,
  });
}

export interface TokenStep extends SwarmSetupStep {
  /** The backend's environment must change: it has another token than the one stored now. */
  backendChanged: boolean;
}

/** The backend's Grafana token, checked or made, and stored with the secrets; undefined when not needed. */
export async function grafanaTokenOnSwarm(
  deps: SwarmSetupDeps,
  project: ComposeProject,
): Promise<TokenStep | undefined> {
  const grafana = project.services.grafana;
  const backend = project.services['status-backend'];
  if (!grafana || !backend || !('GRAFANA_API_KEY' in backend.environment)) return undefined;
  const step = 'grafana-token';
  const notRun = (why: string): TokenStep => ({
    ...report(deps, backend.name, {
      step,
      outcome: 'not-run',
      message: `The backend's Grafana token was not checked: ${why}`,
    }),
    backendChanged: false,
  });
  const adminUser = grafana.environment.GF_SECURITY_ADMIN_USER;
  const adminPassword = grafana.environment.GF_SECURITY_ADMIN_PASSWORD;
  if (!adminUser || !adminPassword)
    return notRun(
      "the grafana service has no admin account (GF_SECURITY_ADMIN_USER/PASSWORD) in the Compose file. The backend's Grafana features need STATUS_GRAFANA_API_KEY.",
    );
  const container = await localTaskContainer(deps.docker, project.name, backend.name);
  if (!container)
    return notRun(
      `no task of ${backend.name} runs on the engine STATUS Desktop deploys through, and Grafana is reached through one (its port is not published on a Swarm). ${ON_THIS_ENGINE}`,
    );
  const stored = (await deps.store.secrets()).grafanaApiKey;
  const tunnel = await openTunnel(container, 'grafana', GRAFANA_PORT);
  try {
    const result = await ensureGrafanaToken({
      baseUrl: `http://127.0.0.1:${tunnel.port}${grafanaSubPath(grafana.environment.GF_SERVER_ROOT_URL)}`,
      adminUser,
      adminPassword,
      storedToken: stored,
      signal: deps.signal,
    });
    result.warnings.forEach((message) => deps.onProgress({ type: 'warning', message }));
    if (result.token !== stored) await deps.store.setOperatorSecrets({ grafanaApiKey: result.token });
    const message =
      result.action === 'kept'
        ? 'its Grafana service account token works'
        : stored
          ? 'made a new Grafana service account token (Grafana no longer accepted the stored one)'
          : 'made its Grafana service account token';
    return {
      ...report(deps, backend.name, { step, outcome: 'done', message }),
      backendChanged: backend.environment.GRAFANA_API_KEY !== result.token,
    };
  } catch (error) {
    if (!isStatusError(error) || error.code === 'CANCELLED') throw error;
    return {
      ...report(deps, backend.name, {
        step,
        outcome: 'failed',
        message: `The backend's Grafana token could not be checked or made (through a ${backend.name} task, to grafana:${GRAFANA_PORT}): ${error.message} Look at Grafana's logs (status-desktop logs grafana) and deploy again once it is fixed; STATUS runs without Grafana's features meanwhile.`,
      }),
      backendChanged: false,
    };
  } finally {
    await tunnel.close();
  }
}
