// The data stores of stack/compose.yaml on the real engine, for backup tests: PostgreSQL, Dragonfly
// (Debian's redis-server), Node-RED (real), and Grafana and MongoDB as HTTP stand-ins
// (status-test/standin). Its own settings folder (generated secrets), project name, free ports and
// grafana-auth subnet; remove() deletes every container, network and volume it made.
import Docker from 'dockerode';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadComposeProject } from '../../src/engine/compose/load.js';
import type { ComposeProject } from '../../src/engine/compose/types.js';
import { execInContainer } from '../../src/engine/docker/exec.js';
import { listProjectContainers } from '../../src/engine/labels.js';
import { reset, resetPlan } from '../../src/engine/lifecycle/stop.js';
import { up } from '../../src/engine/lifecycle/up.js';
import {
  SECRETS_FILE,
  openSettingsStore,
  saveSettings,
  type PortName,
} from '../../src/engine/settings/index.js';
import { testImageEnv } from '../images/build-images.js';
import { freePort } from '../free-port.js';

const STACK_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../stack/compose.yaml');

/** The services that own data, and Grafana's dependency (PostgreSQL). */
export const DATA_SERVICES = ['postgres', 'dragonfly', 'nodered', 'grafana', 'mongo-registry'];
/**
 * The parts a backup of stack/compose.yaml's stores has with the test images, and how each is
 * captured (the MongoDB stand-in has no mongodump: its volumes are copied with it stopped).
 */
export const STACK_PARTS = {
  'postgres/grafana.pgdump': 'pg_dump',
  'postgres/statusdb.pgdump': 'pg_dump',
  'volumes/mongo-data.tar.gz': 'volume-copy-stopped',
  'volumes/mongo-config.tar.gz': 'volume-copy-stopped',
  'volumes/dragonfly-data.tar.gz': 'snapshot+volume-copy',
  'volumes/nodered-data.tar.gz': 'volume-copy-live',
  'volumes/grafana-data.tar.gz': 'volume-copy-live',
} as const;
const DATA_PORTS: PortName[] = ['postgres', 'dragonfly', 'nodered', 'grafana', 'mongo'];

export interface DataStack {
  docker: Docker;
  /** The Compose model with the current secrets (renewSecrets loads it again). */
  readonly project: ComposeProject;
  home: string;
  /** The variables a launcher process (the CLI) needs to address the same project: images, subnet. */
  env: Record<string, string>;
  up(): Promise<void>;
  /** Takes the stack down and deletes its volumes (the reset the console offers). */
  wipe(): Promise<void>;
  /** Generates new secrets, as a fresh install on another machine would. */
  renewSecrets(): Promise<void>;
  exec(service: string, argv: string[]): Promise<string>;
  /** One SQL command in a PostgreSQL database, as its superuser: the rows, unaligned. */
  psql(db: string, sql: string): Promise<string>;
  /** One command to Dragonfly (Debian's redis-cli in the test image), with its password. */
  redis(...args: string[]): Promise<string>;
  /** Container id and start time per running service: proof that nothing was restarted. */
  runningState(): Promise<Record<string, string>>;
  remove(): Promise<void>;
}

export async function createDataStack(prefix: string): Promise<DataStack> {
  const docker = new Docker();
  const home = await mkdtemp(path.join(tmpdir(), `${prefix}-home-`));
  const projectName = `${prefix}-${Math.random().toString(36).slice(2, 8)}`;
  // Host ports of the services it starts only (the others keep their defaults and never start).
  const ports: Partial<Record<PortName, number>> = {};
  for (const name of DATA_PORTS) {
    let port: number;
    do port = await freePort();
    while (Object.values(ports).includes(port));
    ports[name] = port;
  }
  await saveSettings({ projectName, ports }, home);
  const store = await openSettingsStore({ home, onWarning: () => {} });
  const authNet = `10.${200 + Math.floor(Math.random() * 50)}.${Math.floor(Math.random() * 256)}`;
  const overrides = { ...testImageEnv(), STATUS_GRAFANA_AUTH_NET: authNet };
  const load = async () => {
    const env = { ...(await store.stackEnv()), ...overrides };
    return (await loadComposeProject({ file: STACK_FILE, projectName, env })).project;
  };
  let project = await load();
  const noProgress = () => {};

  const stack: DataStack = {
    docker,
    get project() {
      return project;
    },
    home,
    env: overrides,
    async up() {
      await up(docker, project, { services: DATA_SERVICES, onProgress: noProgress });
    },
    async wipe() {
      const { volumes } = await resetPlan(docker, project);
      await reset(docker, project, { confirmVolumes: volumes, onProgress: noProgress });
    },
    async renewSecrets() {
      await rm(path.join(home, SECRETS_FILE));
      project = await load();
    },
    async exec(service, argv) {
      const info = (await listProjectContainers(docker, project.name)).get(service)?.[0];
      if (!info) throw new Error(`${service} has no container`);
      const result = await execInContainer(docker.getContainer(info.Id), argv, 60_000);
      if (result.exitCode !== 0) throw new Error(`${argv.join(' ')} in ${service}: ${result.output}`);
      return result.output;
    },
    psql: (db, sql) =>
      stack.exec('postgres', [
        'sh',
        '-c',
        `psql -X -A -t -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d ${db} -c "$0"`,
        sql,
      ]),
    redis: (...args) =>
      stack.exec('dragonfly', [
        'sh',
        '-c',
        'redis-cli -a "$DFLY_requirepass" --no-auth-warning "$@"',
        'sh',
        ...args,
      ]),
    async runningState() {
      const state: Record<string, string> = {};
      for (const [service, infos] of await listProjectContainers(docker, project.name)) {
        for (const info of infos.filter((c) => c.State === 'running')) {
          const inspected = await docker.getContainer(info.Id).inspect();
          state[service] = `${info.Id} ${inspected.State.StartedAt}`;
        }
      }
      return state;
    },
    async remove() {
      await stack.wipe().catch(() => undefined);
      await rm(home, { recursive: true, force: true });
    },
  };
  return stack;
}
