// Grafana's own database in PostgreSQL. On an empty volume the postgres entrypoint makes it (the
// init script stack/postgres/grafana-db.sh). A volume initialised by an older STATUS has no such
// database, and the entrypoint never runs its init scripts again: so before each Grafana start the
// launcher runs the same idempotent script inside the running postgres container. It also keeps
// the role's password equal to the generated secret.
import type Docker from 'dockerode';
import type { ComposeProject } from '../compose/types.js';
import { execInContainer } from '../docker/exec.js';
import { StatusError } from '../errors.js';
import { findServiceContainer } from '../lifecycle/containers.js';

/** Where stack/compose.yaml puts stack/postgres/grafana-db.sh (a config) in the postgres service. */
export const GRAFANA_DB_SCRIPT = '/docker-entrypoint-initdb.d/30-grafana-db.sh';

export type GrafanaDatabaseResult =
  { action: 'ensured'; output: string } | { action: 'skipped'; reason: string };

export async function ensureGrafanaDatabase(
  docker: Docker,
  project: ComposeProject,
  timeoutMs = 60_000,
): Promise<GrafanaDatabaseResult> {
  const postgres = project.services.postgres;
  const has = (targets: Array<{ target: string }>) => targets.some((m) => m.target === GRAFANA_DB_SCRIPT);
  if (!postgres || !(has(postgres.mounts) || has(postgres.configs ?? []))) {
    // A Compose file without the script (customised): nothing to run; Grafana's logs will say
    // what is missing if its database is.
    return { action: 'skipped', reason: `the postgres service does not mount ${GRAFANA_DB_SCRIPT}` };
  }
  const info = await findServiceContainer(docker, project.name, 'postgres');
  if (!info || info.State !== 'running') {
    return { action: 'skipped', reason: 'postgres is not running' };
  }
  const result = await execInContainer(docker.getContainer(info.Id), ['sh', GRAFANA_DB_SCRIPT], timeoutMs);
  if (result.exitCode === 0) return { action: 'ensured', output: result.output.trim() };
  const tail = result.output.trim().split('\n').slice(-5).join('\n');
  throw new StatusError(
    'SERVICE_UNHEALTHY',
    result.timedOut
      ? `Making Grafana's database in PostgreSQL did not finish within ${Math.round(timeoutMs / 1000)} s.`
      : `Making Grafana's database in PostgreSQL failed (exit code ${result.exitCode}): ${tail || '(no output)'}`,
    "Look at the postgres service's logs in the console (is the disk full? was the STATUS database " +
      'role changed?), then start again. Grafana is not started without its database.',
    { service: 'postgres', output: result.output },
  );
}
