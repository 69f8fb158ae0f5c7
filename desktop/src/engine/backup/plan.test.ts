import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { listComposeVariables, loadComposeProject } from '../compose/load.js';
import type { ComposeProject } from '../compose/types.js';
import { planBackup } from './plan.js';

const STACK_FILE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../stack/compose.yaml',
);

async function stackProject(): Promise<ComposeProject> {
  const env: Record<string, string> = {};
  // The secrets the file requires; everything else keeps its default.
  for (const variable of await listComposeVariables({ file: STACK_FILE }))
    if (variable.required) env[variable.name] = 'x';
  return (await loadComposeProject({ file: STACK_FILE, projectName: 'plan', env })).project;
}

describe('planBackup', () => {
  it("finds every data store of stack/compose.yaml from its services' variables and volumes", async () => {
    const plans = planBackup(await stackProject());
    const summary = plans.map((p) => [
      p.service,
      p.kind,
      p.kind === 'postgres' ? p.user : p.volumes.map((v) => `${v.key}:${v.target}`),
    ]);
    expect(summary).toEqual([
      ['postgres', 'postgres', 'status'],
      ['mongo-registry', 'mongo', ['mongo-data:/data/db', 'mongo-config:/data/configdb']],
      ['dragonfly', 'dragonfly', ['dragonfly-data:/data']],
      ['nodered', 'files', ['nodered-data:/data']],
      ['grafana', 'files', ['grafana-data:/var/lib/grafana']],
    ]);
  });

  it('captures a volume shared by two services once, and skips read-only mounts', async () => {
    const project = await stackProject();
    const grafana = project.services.grafana!;
    project.services['grafana-copy'] = { ...grafana, name: 'grafana-copy' };
    project.services.reader = {
      ...grafana,
      name: 'reader',
      mounts: [{ type: 'volume', source: 'nodered-data', target: '/flows', readOnly: true }],
    };
    const services = planBackup(project).map((p) => p.service);
    expect(services).not.toContain('grafana-copy');
    expect(services).not.toContain('reader');
  });
});
