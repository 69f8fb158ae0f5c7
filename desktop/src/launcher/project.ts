// The platform's Compose project as the launcher sees it: stack/compose.yaml, interpolated with
// the settings and secrets (the stack environment) and the few STATUS_* variables the shell may
// override. The Stack and the launcher load it here and nowhere else.
import { fileURLToPath } from 'node:url';
import type { PlatformUrls } from '../api/contract.js';
import { loadComposeProject, type LoadComposeResult } from '../engine/compose/load.js';
import type { ComposeProject } from '../engine/compose/types.js';
import { applyMirror } from '../engine/images/mirror.js';
import { StatusError } from '../engine/errors.js';
import { turnedOffService } from '../engine/plan.js';
import type { Settings, SettingsStore } from '../engine/settings/index.js';
import { sharedUrls } from '../engine/sharing.js';

/** stack/compose.yaml next to the sources; packaged apps pass their resources path instead. */
export function defaultComposeFile(env: NodeJS.ProcessEnv = process.env): string {
  if (env.STATUS_STACK_DIR) return `${env.STATUS_STACK_DIR.replace(/\/$/, '')}/compose.yaml`;
  return fileURLToPath(new URL('../../../stack/compose.yaml', import.meta.url));
}

/**
 * Variables the shell may override (like Compose: shell beats env file). Secrets are not among
 * them: the databases were initialised with the stored ones, and a stray shell variable must not
 * lock the platform out of its own data.
 */
// GRAFANA_AUTH_NET: the grafana-auth network's fixed subnet, when the default one is taken here.
const OVERRIDABLE =
  /^STATUS_(?:[A-Z0-9_]+_IMAGE|[A-Z0-9_]+_PORT|BIND_ADDRESS|PUBLIC_URL|GRAFANA_ANONYMOUS|GRAFANA_AUTH_NET)$/;

export function interpolationEnv(
  stackEnv: Record<string, string>,
  processEnv: NodeJS.ProcessEnv,
): Record<string, string> {
  const env = { ...stackEnv };
  for (const [key, value] of Object.entries(processEnv)) {
    if (value !== undefined && OVERRIDABLE.test(key)) env[key] = value;
  }
  return env;
}

/** Where a project comes from: the Compose file, the stored settings, the process environment. */
export interface ProjectSource {
  store: SettingsStore;
  composeFile: string;
  env: NodeJS.ProcessEnv;
  /** Where the user's ~/.ssh and ~/.docker are, for the chosen engine (default: the user's home). */
  homeDir?: string;
}

/**
 * Loads the Compose file with the settings and secrets as they are now; downloaded images come
 * through the registry mirror when one is set (STATUS_REGISTRY_MIRROR beats the setting).
 */
export async function loadProject({ store, composeFile, env }: ProjectSource): Promise<LoadComposeResult> {
  const settings = await store.settings();
  const loaded = await loadComposeProject({
    file: composeFile,
    projectName: env.STATUS_PROJECT_NAME ?? settings.projectName,
    env: interpolationEnv(await store.stackEnv(), env),
  });
  const mirror = env.STATUS_REGISTRY_MIRROR ?? settings.registryMirror;
  return { ...loaded, project: applyMirror(loaded.project, mirror) };
}

/** Refuses names that are not services of the project, or are turned off (a Compose profile). */
export function assertServices(project: ComposeProject, services: readonly string[]): void {
  for (const name of services) {
    const profiles = project.inactiveServices?.[name];
    if (profiles) throw turnedOffService(name, profiles);
  }
  const known = Object.keys(project.services);
  const unknown = services.filter((s) => !known.includes(s));
  if (unknown.length) {
    throw new StatusError(
      'NOT_FOUND',
      `There is no service called ${unknown.map((s) => `"${s}"`).join(', ')}.`,
      `Services: ${known.join(', ')}.`,
    );
  }
}

/** The reverse proxy's host port as the Compose file resolves it (a shell override included). */
export function httpPort(project: ComposeProject, settings: Settings): number {
  return project.services['reverse-proxy']?.ports[0]?.hostPort ?? settings.ports.http;
}

export function platformUrls(project: ComposeProject, settings: Settings): PlatformUrls {
  const base = settings.publicUrl.replace(/\/$/, '');
  const shared = sharedUrls(settings, httpPort(project, settings));
  return { status: `${base}/`, grafana: `${base}/grafana/`, nodeRed: `${base}/node-red/`, shared };
}
