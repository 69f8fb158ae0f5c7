// stack/compose.yaml is self-contained: it runs on any engine that can build or pull its images,
// the local one or a remote one, because no service bind-mounts a host path (configuration files
// are in our images or Compose configs) and no URL has a localhost baked in.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { listComposeVariables, loadComposeProject } from './load.js';
import type { ComposeProject } from './types.js';

const STACK_DIR = fileURLToPath(new URL('../../../../stack/', import.meta.url));
const STACK_FILE = path.join(STACK_DIR, 'compose.yaml');
const V1_OVERRIDE = path.join(STACK_DIR, 'compose.v1-configs.yaml');
const PUBLIC_URL = 'https://status.example.org';
/** A URL to this machine: wrong for everyone who opens STATUS from elsewhere. */
const LOCAL_URL = /\bhttps?:\/\/(localhost|127\.\d+\.\d+\.\d+)\b/;

/** Every service, the ledger's profile too, with the variables the file requires set. */
async function stackProject(): Promise<ComposeProject> {
  const env: Record<string, string> = { STATUS_PUBLIC_URL: PUBLIC_URL };
  for (const variable of await listComposeVariables({ file: STACK_FILE }))
    if (variable.required) env[variable.name] ??= 'x';
  return (await loadComposeProject({ file: STACK_FILE, projectName: 'selfcontained', env, profiles: ['*'] }))
    .project;
}

describe('stack/compose.yaml', () => {
  it('bind-mounts no host path into any service', async () => {
    const project = await stackProject();
    const binds = Object.values(project.services).flatMap((service) =>
      service.mounts
        .filter((mount) => mount.type !== 'volume')
        .map((mount) => `${service.name}: ${mount.source}`),
    );
    expect(binds).toEqual([]);
    expect(Object.keys(project.services)).toContain('ledger');
  });

  it('takes the files of images it does not build from configs inside the stack folder', async () => {
    const project = await stackProject();
    const files = Object.values(project.configs ?? {}).map((config) => path.relative(STACK_DIR, config.file));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(file.startsWith('..') || path.isAbsolute(file), file).toBe(false);
    const used = Object.values(project.services).flatMap((service) => service.configs ?? []);
    expect(new Set(used.map((ref) => ref.source))).toEqual(new Set(Object.keys(project.configs ?? {})));
    // The postgres entrypoint executes an executable .sh init script, and sources any other.
    for (const ref of project.services.postgres!.configs!)
      expect(ref.mode, ref.target).toBe(ref.target.endsWith('.sh') ? 0o555 : 0o444);
  });

  it('has every URL from the public URL setting or a service name, never a localhost', async () => {
    const project = await stackProject();
    for (const service of Object.values(project.services))
      for (const [key, value] of Object.entries(service.environment))
        expect(value, `${service.name}.${key}`).not.toMatch(LOCAL_URL);
    for (const config of Object.values(project.configs ?? {}))
      expect(await readFile(config.file, 'utf8'), config.file).not.toMatch(LOCAL_URL);
    expect(await readFile(path.join(STACK_DIR, 'node-red/settings.js'), 'utf8')).not.toMatch(LOCAL_URL);
    expect(project.services.grafana!.environment.GF_SERVER_ROOT_URL).toBe(`${PUBLIC_URL}/grafana/`);
    expect(project.services['status-backend']!.environment.PUBLIC_URL).toBe(PUBLIC_URL);
  });

  it('is matched by compose.v1-configs.yaml: each config bind-mounted for docker-compose 1.x', async () => {
    const project = await stackProject();
    const expected: Record<string, string[]> = {};
    for (const service of Object.values(project.services)) {
      for (const ref of service.configs ?? []) {
        const file = path.relative(STACK_DIR, project.configs![ref.source]!.file);
        (expected[service.name] ??= []).push(`./${file}:${ref.target}:ro`);
      }
    }
    const override = parse(await readFile(V1_OVERRIDE, 'utf8')) as {
      services: Record<string, { volumes: string[] }>;
    };
    const actual = Object.fromEntries(
      Object.entries(override.services).map(([name, service]) => [name, service.volumes]),
    );
    expect(actual).toEqual(expected);
  });

  it('deploys on a Swarm: data services pinned to the data node, stateless ones replaced start-first and rolled back', async () => {
    const project = await stackProject();
    const deploy = project.deploy ?? {};
    for (const name of ['postgres', 'mongo-registry', 'dragonfly', 'nodered', 'grafana'])
      expect(deploy[name], name).toEqual({ placementConstraints: ['node.labels.status.data == true'] });
    for (const name of ['status-backend', 'status-frontend', 'reverse-proxy']) {
      expect(deploy[name]?.updateConfig, name).toMatchObject({
        order: 'start-first',
        failureAction: 'rollback',
      });
      // No replicas: plain Compose would start that many containers on one machine.
      expect(deploy[name]?.replicas, name).toBeUndefined();
    }
  });
});
