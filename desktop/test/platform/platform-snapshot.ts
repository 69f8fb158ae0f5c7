// What a running STATUS platform holds, read back into one plain value so two moments can be
// compared with a deep equality (the backup → reset → restore scenario of compliance.e2e.test.ts):
// STATUS rows (catalogs, controls, computations, panels, users, secrets) and Grafana's own database
// in PostgreSQL, Node-RED's deployed flows (admin API through the reverse proxy) and its flow files,
// and what the Grafana stand-in keeps (its dashboards and service accounts, over its HTTP API).
import type Docker from 'dockerode';
import { execInContainer } from '../../src/engine/docker/exec.js';
import { findServiceContainer } from '../../src/engine/lifecycle/containers.js';

export interface SnapshotSources {
  docker: Docker;
  project: string;
  /** The reverse proxy, e.g. http://127.0.0.1:3000 */
  base: string;
  /** The Cookie header of a signed-in STATUS admin (opens /node-red/ too). */
  cookie: string;
  /** Grafana's published port, under its sub-path, e.g. http://127.0.0.1:3100/grafana */
  grafana: string;
  grafanaAdmin: { user: string; password: string };
}

export interface Computation {
  id: string;
  control: number;
  value: boolean | null;
  evidences: string;
  created: string;
}

export interface FlowNode {
  id: string;
  type: string;
  [key: string]: unknown;
}

export interface PlatformSnapshot {
  catalogs: unknown[];
  /** Without last_run_at, which the scheduler moves whenever it claims a period. */
  controls: unknown[];
  computations: Computation[];
  panels: unknown[];
  users: unknown[];
  secrets: unknown[];
  /** Grafana's own rows in its PostgreSQL database (the probe table the scenario made). */
  grafanaDatabase: unknown[];
  flows: FlowNode[];
  /** SHA-256 of /data/flows.json and /data/flows_cred.json (the credentials, encrypted). */
  flowFiles: string;
  /** The scripts the backend keeps in Dragonfly (GET /scripts). */
  scripts: unknown[];
  /** SHA-256 of every file in MongoDB's volumes (a stand-in: copied as files, stopped). */
  mongoFiles: string;
  grafanaDashboards: unknown[];
  /** Name, role and state; not the tokens (the launcher renews the backend's on start). */
  grafanaServiceAccounts: unknown[];
}

export async function exec(s: SnapshotSources, service: string, argv: string[]): Promise<string> {
  const info = await findServiceContainer(s.docker, s.project, service);
  if (!info) throw new Error(`${service} has no container in ${s.project}`);
  const result = await execInContainer(s.docker.getContainer(info.Id), argv, 30_000);
  if (result.exitCode !== 0) throw new Error(`${argv.join(' ')} in ${service}: ${result.output}`);
  return result.output.trim();
}

/** The rows of `select` as one JSON array, ordered by `order`. */
export async function rows(
  s: SnapshotSources,
  db: string,
  select: string,
  order: string,
): Promise<unknown[]> {
  const sql = `SELECT coalesce(json_agg(t ORDER BY ${order}), '[]') FROM (${select}) t`;
  const out = await exec(s, 'postgres', [
    'psql',
    '-X',
    '-tA',
    '-v',
    'ON_ERROR_STOP=1',
    '-U',
    'status',
    '-d',
    db,
    '-c',
    sql,
  ]);
  return JSON.parse(out) as unknown[];
}

export async function getJson(url: string, headers: Record<string, string>): Promise<unknown> {
  const res = await fetch(url, { headers });
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}

const basic = (s: SnapshotSources) => ({
  authorization: `Basic ${Buffer.from(`${s.grafanaAdmin.user}:${s.grafanaAdmin.password}`).toString('base64')}`,
});

/** Node-RED's deployed flows (GET /flows, API v1), ordered by id. */
export async function deployedFlows(s: SnapshotSources): Promise<FlowNode[]> {
  const flows = (await getJson(`${s.base}/node-red/flows`, { cookie: s.cookie })) as FlowNode[];
  return [...flows].sort((a, b) => a.id.localeCompare(b.id));
}

export async function grafanaServiceAccounts(s: SnapshotSources): Promise<unknown[]> {
  const found = (await getJson(`${s.grafana}/api/serviceaccounts/search?query=`, basic(s))) as {
    serviceAccounts: Array<{ id: number; name: string; role: string; isDisabled: boolean }>;
  };
  return found.serviceAccounts
    .map(({ id, name, role, isDisabled }) => ({ id, name, role, isDisabled }))
    .sort((a, b) => a.id - b.id);
}

export async function takeSnapshot(s: SnapshotSources): Promise<PlatformSnapshot> {
  return {
    catalogs: await rows(
      s,
      'statusdb',
      'SELECT id, name, description, start_date, end_date, dashboard_id, tpa_id, status, created_at, updated_at FROM catalogs',
      'id',
    ),
    controls: await rows(
      s,
      'statusdb',
      'SELECT id, catalog_id, name, description, period, start_date, end_date, endpoint, mashup_id, params, status, created_at FROM controls',
      'id',
    ),
    computations: (await rows(
      s,
      'statusdb',
      'SELECT id, control_id AS control, value, md5(evidences::text) AS evidences, created_at AS created FROM computations',
      'id',
    )) as Computation[],
    panels: await rows(s, 'statusdb', 'SELECT * FROM panels', 'uid'),
    users: await rows(
      s,
      'statusdb',
      "SELECT id, username, role, email, md5(coalesce(password_hash, '')) AS password, totp_enabled, created_at FROM users",
      'id',
    ),
    secrets: await rows(
      s,
      'statusdb',
      'SELECT id, user_id, name, type, md5(ciphertext) AS ciphertext, version, created_at FROM secrets',
      'id',
    ),
    grafanaDatabase: await rows(s, 'grafana', 'SELECT * FROM backup_probe_dashboard', 'uid'),
    flows: await deployedFlows(s),
    flowFiles: await exec(s, 'nodered', ['sh', '-c', 'cd /data && sha256sum flows.json flows_cred.json']),
    scripts: (
      (await getJson(`${s.base}/backend/scripts`, { cookie: s.cookie })) as Array<{ id: string }>
    ).sort((a, b) => a.id.localeCompare(b.id)),
    mongoFiles: await exec(s, 'mongo-registry', [
      'sh',
      '-c',
      'find /data/db /data/configdb -type f | sort | xargs -r sha256sum',
    ]),
    grafanaDashboards: (
      (await getJson(`${s.grafana}/api/search`, basic(s))) as Array<{ uid: string; title: string }>
    ).map(({ uid, title }) => ({ uid, title })),
    grafanaServiceAccounts: await grafanaServiceAccounts(s),
  };
}
