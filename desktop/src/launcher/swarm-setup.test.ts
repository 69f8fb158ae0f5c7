// The setup steps when their task does not run on the engine we talk to (here the machine's own
// engine, which runs no task of this project): each says it did not run and why, as a warning and
// in its result, instead of being skipped in silence. Their "done" path is in
// test/swarm/real-stack.e2e.test.ts, on a real Swarm.
import Docker from 'dockerode';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { listComposeVariables, loadComposeProject } from '../engine/compose/load.js';
import type { ComposeProject } from '../engine/compose/types.js';
import type { ProgressEvent } from '../engine/progress.js';
import { grafanaDatabaseOnSwarm, grafanaTokenOnSwarm, type SwarmSetupDeps } from './swarm-setup.js';

const STACK_FILE = fileURLToPath(new URL('../../../stack/compose.yaml', import.meta.url));
let project: ComposeProject;

beforeAll(async () => {
  const env: Record<string, string> = { STATUS_PUBLIC_URL: 'https://status.example.org' };
  for (const variable of await listComposeVariables({ file: STACK_FILE }))
    if (variable.required) env[variable.name] ??= 'x';
  ({ project } = await loadComposeProject({ file: STACK_FILE, projectName: 'stnoswarmtasks', env }));
});

function deps(events: ProgressEvent[]): SwarmSetupDeps {
  const untouched = () => Promise.reject(new Error('the secrets are not read when the step cannot run'));
  return {
    docker: new Docker(),
    store: { secrets: untouched, setOperatorSecrets: untouched },
    onProgress: (e) => events.push(e),
  };
}

describe('setup steps whose task runs on another node', () => {
  it("Grafana's database: not run, because postgres's task is not on this engine", async () => {
    const events: ProgressEvent[] = [];
    const step = await grafanaDatabaseOnSwarm(deps(events), project);
    expect(step).toMatchObject({ step: 'grafana-database', outcome: 'not-run' });
    expect(step?.message).toMatch(
      /Grafana's database was not checked: postgres's task does not run on the engine STATUS Desktop deploys through.*Deploy from an engine that is \(or runs on\) that node/,
    );
    expect(events).toEqual([{ type: 'warning', message: step?.message }]);
  });

  it("the backend's Grafana token: not run, because no backend task is on this engine", async () => {
    const events: ProgressEvent[] = [];
    const step = await grafanaTokenOnSwarm(deps(events), project);
    expect(step).toMatchObject({ step: 'grafana-token', outcome: 'not-run', backendChanged: false });
    expect(step?.message).toMatch(
      /The backend's Grafana token was not checked: no task of status-backend runs on the engine STATUS Desktop deploys through, and Grafana is reached through one/,
    );
    expect(events).toEqual([{ type: 'warning', message: step?.message }]);
  });

  it('has nothing to do for a project without Grafana', async () => {
    const { grafana: _grafana, ...services } = project.services;
    const withoutGrafana = { ...project, services };
    expect(await grafanaDatabaseOnSwarm(deps([]), withoutGrafana)).toBeUndefined();
    expect(await grafanaTokenOnSwarm(deps([]), withoutGrafana)).toBeUndefined();
  });
});
