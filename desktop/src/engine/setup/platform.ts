// The platform's own setup steps during `up`, run by the lifecycle's `prepare` hook once a
// service's dependencies are ready and before its container is made:
//   grafana:        its database and role in PostgreSQL (grafana-db.ts)
//   status-backend: a Grafana service-account token (grafana-token.ts), stored with the secrets
//                   and put into the backend's environment before its container is created.
//                   Grafana is optional (the backend does not depend on it): the backend waits
//                   for Grafana's gate in the same start without failing with it; if Grafana does
//                   not come up, or the token cannot be checked, the backend starts with the token
//                   it has and the operator gets a warning (Grafana's routes answer 503 meanwhile).
import type Docker from 'dockerode';
import type { ComposeProject, ServiceSpec } from '../compose/types.js';
import { findServiceContainer } from '../lifecycle/containers.js';
import type { PrepareContext, PrepareService } from '../lifecycle/up.js';
import type { SettingsStore } from '../settings/index.js';
import { ensureGrafanaDatabase } from './grafana-db.js';
import { isStatusError } from '../errors.js';
import { ensureGrafanaToken, grafanaSubPath } from './grafana-token.js';

export interface PlatformSetupDeps {
  docker: Docker;
  store: Pick<SettingsStore, 'secrets' | 'setOperatorSecrets'>;
  /** The project loaded again from the Compose file with the settings and secrets as they are now. */
  reload: () => Promise<ComposeProject>;
  onWarning?: (message: string) => void;
  /** Overrides for tests. */
  grafanaUnreachableForMs?: number;
}

const GRAFANA_CONTAINER_PORT = 3000;

export function platformSetup(deps: PlatformSetupDeps): PrepareService {
  return async (service, ctx) => {
    if (service.name === 'grafana') {
      const result = await ensureGrafanaDatabase(deps.docker, ctx.project);
      if (result.action === 'ensured') ctx.note("Grafana's database in PostgreSQL is ready");
      return undefined;
    }
    if (service.name === 'status-backend' && 'GRAFANA_API_KEY' in service.environment) {
      return backendToken(deps, service, ctx);
    }
    return undefined;
  };
}

/** Where the launcher reaches Grafana: its published port on this machine, under its sub-path. */
async function grafanaBaseUrl(docker: Docker, project: ComposeProject): Promise<string | undefined> {
  const grafana = project.services.grafana;
  const info = await findServiceContainer(docker, project.name, 'grafana');
  const published = info?.Ports.find((p) => p.PrivatePort === GRAFANA_CONTAINER_PORT && p.PublicPort);
  if (!grafana || !published) return undefined;
  const ip =
    !published.IP || published.IP === '0.0.0.0' || published.IP === '::' ? '127.0.0.1' : published.IP;
  const host = ip.includes(':') ? `[${ip}]` : ip;
  return `http://${host}:${published.PublicPort}${grafanaSubPath(grafana.environment.GF_SERVER_ROOT_URL)}`;
}

async function backendToken(
  deps: PlatformSetupDeps,
  backend: ServiceSpec,
  ctx: PrepareContext,
): Promise<ServiceSpec | undefined> {
  const grafana = ctx.project.services.grafana;
  const adminUser = grafana?.environment.GF_SECURITY_ADMIN_USER;
  const adminPassword = grafana?.environment.GF_SECURITY_ADMIN_PASSWORD;
  if (grafana) {
    // Grafana starts in this same run: wait for its gate (without failing with it).
    ctx.note('waiting for Grafana, to check its service account token');
    const ready = await ctx.settle(grafana.name);
    if (ready === false) {
      const secrets = await deps.store.secrets();
      deps.onWarning?.(
        `Grafana did not come up, so the backend's Grafana token was not checked. ${withoutToken(secrets.grafanaApiKey)}`,
      );
      return undefined;
    }
  }
  const baseUrl = await grafanaBaseUrl(deps.docker, ctx.project);
  if (!grafana || !adminUser || !adminPassword || !baseUrl) {
    deps.onWarning?.(
      'The Grafana service account token was not checked: the grafana service, its admin account or ' +
        "its published port is missing from the Compose file. The backend's Grafana features need " +
        'STATUS_GRAFANA_API_KEY.',
    );
    return undefined;
  }
  ctx.note('checking its Grafana service account token');
  const secrets = await deps.store.secrets();
  let result: Awaited<ReturnType<typeof ensureGrafanaToken>>;
  try {
    result = await ensureGrafanaToken({
      baseUrl,
      adminUser,
      adminPassword,
      storedToken: secrets.grafanaApiKey,
      signal: ctx.signal,
      unreachableForMs: deps.grafanaUnreachableForMs,
    });
  } catch (error) {
    if (!isStatusError(error) || error.code === 'CANCELLED') throw error;
    deps.onWarning?.(`${error.message} ${withoutToken(secrets.grafanaApiKey)}`);
    return undefined;
  }
  result.warnings.forEach((w) => deps.onWarning?.(w));
  if (result.token !== secrets.grafanaApiKey) {
    await deps.store.setOperatorSecrets({ grafanaApiKey: result.token });
    ctx.note(
      secrets.grafanaApiKey
        ? 'made a new Grafana service account token (Grafana no longer accepted the stored one)'
        : 'made its Grafana service account token',
    );
  }
  if (backend.environment.GRAFANA_API_KEY === result.token) return undefined;
  // Loaded again rather than patched: the container's config hash then equals what any later
  // open of the stack computes from the same file and secrets, so it is not recreated again.
  const reloaded = await deps.reload();
  return reloaded.services[backend.name];
}

/** What the operator is told when the token could not be checked or made. */
function withoutToken(stored: string | undefined): string {
  return stored
    ? 'STATUS starts with the token it has; if Grafana rejects it, restart STATUS once Grafana runs.'
    : "STATUS starts without Grafana's features (its Grafana pages answer 503) until Grafana runs and STATUS is restarted.";
}
