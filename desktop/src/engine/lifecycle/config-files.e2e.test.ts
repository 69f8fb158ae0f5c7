// Compose configs on the real engine: the container sees each file with its content, mode and
// owner, although nothing is bind-mounted (the engine could be on another machine); a changed file
// recreates the container, an unchanged one reuses it.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testImageTag } from '../../../test/images/build-images.js';
import { loadComposeProject } from '../compose/load.js';
import type { ComposeProject } from '../compose/types.js';
import { execInContainer } from '../docker/exec.js';
import { findServiceContainer } from './containers.js';
import { down } from './stop.js';
import { up } from './up.js';

const docker = new Docker({ socketPath: '/var/run/docker.sock' });
const IDLE = `["node", "-e", "process.on('SIGTERM', () => process.exit(0)); setInterval(() => {}, 1000)"]`;
const onProgress = () => undefined;

let dir: string;
let project: ComposeProject;
const projectName = `st-configs-${Math.random().toString(36).slice(2, 8)}`;

async function load(): Promise<ComposeProject> {
  return (await loadComposeProject({ file: path.join(dir, 'compose.yaml'), projectName, env: {} })).project;
}

async function appContainer(): Promise<Docker.ContainerInfo> {
  const info = await findServiceContainer(docker, projectName, 'app');
  if (!info) throw new Error('app has no container');
  return info;
}

async function inContainer(command: string): Promise<string> {
  const result = await execInContainer(
    docker.getContainer((await appContainer()).Id),
    ['sh', '-c', command],
    30_000,
  );
  expect(result.exitCode).toBe(0);
  return result.output.trim();
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'st-configs-'));
  await writeFile(path.join(dir, 'site.conf'), 'listen 80;\n');
  await writeFile(path.join(dir, 'init.sh'), '#!/bin/sh\necho init\n');
  await writeFile(
    path.join(dir, 'compose.yaml'),
    `services:
  app:
    image: ${testImageTag('node')}
    command: ${IDLE}
    configs:
      - source: site
        target: /etc/status-test/conf.d/site.conf
      - source: init
        target: /docker-entrypoint.d/10-init.sh
        mode: 0555
        uid: "1000"
        gid: "1000"
configs:
  site:
    file: ./site.conf
  init:
    file: ./init.sh
`,
  );
  project = await load();
});

afterAll(async () => {
  if (project) await down(docker, project, { onProgress });
  await rm(dir, { recursive: true, force: true });
});

describe('Compose configs on the engine', () => {
  it('puts each file into the container with its content, mode and owner, without a bind mount', async () => {
    const result = await up(docker, project, { onProgress });
    expect(result.services.app?.action).toBe('created');

    expect(await inContainer('cat /etc/status-test/conf.d/site.conf')).toBe('listen 80;');
    expect(await inContainer('stat -c "%a %u:%g" /etc/status-test/conf.d/site.conf')).toBe('444 0:0');
    expect(await inContainer('stat -c "%a %u:%g" /docker-entrypoint.d/10-init.sh')).toBe('555 1000:1000');
    expect(await inContainer('/docker-entrypoint.d/10-init.sh')).toBe('init');

    const inspected = await docker.getContainer((await appContainer()).Id).inspect();
    expect(inspected.Mounts.filter((mount) => mount.Type === 'bind')).toEqual([]);
    expect(inspected.HostConfig.Binds ?? []).toEqual([]);
  });

  it('reuses the container while the files are unchanged', async () => {
    const before = (await appContainer()).Id;
    const result = await up(docker, await load(), { onProgress });
    expect(result.services.app?.action).toBe('up-to-date');
    expect((await appContainer()).Id).toBe(before);
  });

  it('recreates the container when a file changed, which then sees the new content', async () => {
    const before = (await appContainer()).Id;
    await writeFile(path.join(dir, 'site.conf'), 'listen 8080;\n');
    const result = await up(docker, await load(), { onProgress });
    expect(result.services.app?.action).toBe('recreated');
    expect((await appContainer()).Id).not.toBe(before);
    expect(await inContainer('cat /etc/status-test/conf.d/site.conf')).toBe('listen 8080;');
  });

  it('copies the files again into a stopped container it reuses', async () => {
    const { Id } = await appContainer();
    await docker.getContainer(Id).stop({ t: 1 });
    const result = await up(docker, await load(), { onProgress });
    expect(result.services.app?.action).toBe('up-to-date');
    expect(await inContainer('cat /etc/status-test/conf.d/site.conf')).toBe('listen 8080;');
  });
});
