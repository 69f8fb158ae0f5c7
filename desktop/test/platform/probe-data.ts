// Data of every kind the platform keeps, made through its own doors (the STATUS API and Node-RED's
// admin API through the reverse proxy, Grafana's HTTP API, Grafana's database role), so a backup
// scenario compares more than the seed data a fresh install brings back by itself.
import { execInContainer } from '../../src/engine/docker/exec.js';
import { findServiceContainer } from '../../src/engine/lifecycle/containers.js';
import {
  deployedFlows,
  exec,
  getJson,
  grafanaServiceAccounts,
  rows,
  type SnapshotSources,
} from './platform-snapshot.js';

export const PROBE = {
  catalog: 'Backup probe',
  control: 'Backup probe health',
  dashboardUid: 'backup-probe-dashboard',
  panelId: '7',
  secret: 'backupProbeToken',
  tab: 'backup-probe-tab',
  credentialNode: 'backup-probe-request',
  serviceAccount: 'backup-probe',
  script: 'module.exports.main = () => "backup probe";',
  mongoFile: '/data/db/backup-probe.json',
} as const;

/** The starter flow every fresh install deploys: a control of the probe catalog runs through it. */
const STARTER_ENDPOINT = 'getting-started/platform-health';

async function send(s: SnapshotSources, method: string, path: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${s.base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', cookie: s.cookie },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** A catalog with a control that has run once and a Grafana panel attached, and a stored secret. */
async function makeStatusData(s: SnapshotSources): Promise<void> {
  const catalog = (await send(s, 'POST', '/backend/catalogs', {
    name: PROBE.catalog,
    startDate: '2026-01-01',
    endDate: '2027-12-31',
    description: 'Made before the backup; must be gone after the reset and back after the restore.',
    dashboard_id: PROBE.dashboardUid,
  })) as { id: number };
  const control = (await send(s, 'POST', '/backend/controls', {
    name: PROBE.control,
    catalogId: catalog.id,
    period: 'DAILY',
    params: { endpoint: STARTER_ENDPOINT, threshold: 1 },
  })) as { id: number };
  await send(s, 'POST', `/backend/controls/${control.id}/run`, {});
  await send(s, 'POST', `/backend/controls/${control.id}/panel/${PROBE.panelId}`, {
    dashboardUid: PROBE.dashboardUid,
  });
  await send(s, 'POST', '/backend/secrets', { name: PROBE.secret, value: 'kept across the restore' });
  // Scripts live in Dragonfly, not PostgreSQL.
  await send(s, 'POST', '/backend/scripts', { code: PROBE.script, metadata: { probe: true } });
}

/** A new tab deployed with a node that has credentials (so flows_cred.json is written). */
async function deployProbeFlow(s: SnapshotSources): Promise<void> {
  const flows = await deployedFlows(s);
  const probe = [
    { id: PROBE.tab, type: 'tab', label: 'Backup probe', disabled: false, info: '' },
    {
      id: PROBE.credentialNode,
      type: 'http request',
      z: PROBE.tab,
      name: 'probe request',
      method: 'GET',
      ret: 'txt',
      url: 'http://status-backend:3001/',
      authType: 'basic',
      x: 200,
      y: 100,
      wires: [[]],
      credentials: { user: 'probe', password: 'probe-password' },
    },
  ];
  const res = await fetch(`${s.base}/node-red/flows`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'node-red-deployment-type': 'full',
      cookie: s.cookie,
    },
    body: JSON.stringify([...flows, ...probe]),
  });
  if (!res.ok) throw new Error(`Deploying the probe flow: HTTP ${res.status} ${await res.text()}`);
}

/** What Grafana keeps in its own PostgreSQL database (dashboards, users), as its role writes it. */
async function makeGrafanaRows(s: SnapshotSources): Promise<void> {
  const info = await findServiceContainer(s.docker, s.project, 'postgres');
  const sql =
    'SET ROLE grafana; CREATE TABLE backup_probe_dashboard (uid text PRIMARY KEY, title text NOT NULL); ' +
    `INSERT INTO backup_probe_dashboard VALUES ('${PROBE.dashboardUid}', 'Backup probe')`;
  const result = await execInContainer(
    s.docker.getContainer(info!.Id),
    ['psql', '-X', '-v', 'ON_ERROR_STOP=1', '-U', 'status', '-d', 'grafana', '-c', sql],
    30_000,
  );
  if (result.exitCode !== 0) throw new Error(`Grafana's probe rows: ${result.output}`);
}

async function makeServiceAccount(s: SnapshotSources): Promise<void> {
  const res = await fetch(`${s.grafana}/api/serviceaccounts`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Basic ${Buffer.from(`${s.grafanaAdmin.user}:${s.grafanaAdmin.password}`).toString('base64')}`,
    },
    body: JSON.stringify({ name: PROBE.serviceAccount, role: 'Viewer' }),
  });
  if (res.status !== 201) throw new Error(`Grafana service account: HTTP ${res.status} ${await res.text()}`);
}

export async function makeProbeData(s: SnapshotSources): Promise<void> {
  await makeStatusData(s);
  await deployProbeFlow(s);
  await makeGrafanaRows(s);
  await makeServiceAccount(s);
  await exec(s, 'mongo-registry', ['sh', '-c', `echo '{"probe":true}' > ${PROBE.mongoFile}`]);
}

/** Which of the probe data a platform has: all false on a fresh install. */
export async function probeDataFound(s: SnapshotSources): Promise<Record<string, boolean>> {
  const catalogs = await rows(s, 'statusdb', `SELECT id FROM catalogs WHERE name = '${PROBE.catalog}'`, 'id');
  const secrets = await rows(s, 'statusdb', `SELECT id FROM secrets WHERE name = '${PROBE.secret}'`, 'id');
  const grafanaTable = await rows(
    s,
    'grafana',
    "SELECT tablename FROM pg_tables WHERE tablename = 'backup_probe_dashboard'",
    'tablename',
  );
  const accounts = (await grafanaServiceAccounts(s)) as Array<{ name: string }>;
  const scripts = (await getJson(`${s.base}/backend/scripts`, { cookie: s.cookie })) as Array<{
    code: string;
  }>;
  return {
    catalog: catalogs.length > 0,
    secret: secrets.length > 0,
    flow: (await deployedFlows(s)).some((n) => n.id === PROBE.tab),
    grafanaRows: grafanaTable.length > 0,
    serviceAccount: accounts.some((a) => a.name === PROBE.serviceAccount),
    script: scripts.some((x) => x.code === PROBE.script),
    mongoFile:
      (await exec(s, 'mongo-registry', ['sh', '-c', `test -e ${PROBE.mongoFile} && echo yes || echo no`])) ===
      'yes',
  };
}

/** Node-RED still opens the probe node's credentials (flows_cred.json with the credentialSecret); the type dashed, as the editor asks. */
export async function probeCredentials(s: SnapshotSources): Promise<unknown> {
  const res = await fetch(`${s.base}/node-red/credentials/http-request/${PROBE.credentialNode}`, {
    headers: { cookie: s.cookie },
  });
  if (!res.ok) throw new Error(`Node-RED credentials: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}
