// up() against faults that strike after its checks, on the real engine: a host port taken while
// the start is under way, and a container left behind by a launcher killed between creating it and
// connecting its networks.
import net from 'node:net';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../test/free-port.js';
import { testImageTag } from '../../../test/images/build-images.js';
import { loadComposeProject } from '../compose/load.js';
import type { ComposeProject } from '../compose/types.js';
import { isStatusError, type StatusError } from '../errors.js';
import { listProjectContainers } from '../labels.js';
import type { PortConflict } from '../preflight.js';
import type { ProgressEvent } from '../progress.js';
import { down } from './stop.js';
import { up } from './up.js';

const docker = new Docker({ socketPath: '/var/run/docker.sock' });
const IDLE = `["node", "-e", "process.on('SIGTERM', () => process.exit(0)); setInterval(() => {}, 1000)"]`;

let dir: string;
let port: number;
let project: ComposeProject;
const events: ProgressEvent[] = [];
const onProgress = (event: ProgressEvent) => events.push(event);

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'st-up-faults-'));
  port = await freePort();
  await writeFile(
    path.join(dir, 'compose.yaml'),
    `services:
  db:
    image: ${testImageTag('node')}
    command: ${IDLE}
    networks: [back]
  app:
    image: ${testImageTag('node')}
    command: ${IDLE}
    ports: ['127.0.0.1:${port}:8080']
    networks: [front, back]
    depends_on:
      db: { condition: service_started }
networks:
  front: {}
  back: {}
`,
  );
  const projectName = `st-up-faults-${Math.random().toString(36).slice(2, 8)}`;
  ({ project } = await loadComposeProject({ file: path.join(dir, 'compose.yaml'), projectName, env: {} }));
});
afterAll(async () => {
  if (project) await down(docker, project, { onProgress });
  await rm(dir, { recursive: true, force: true });
});

async function states(): Promise<Record<string, string>> {
  const containers = await listProjectContainers(docker, project.name);
  return Object.fromEntries([...containers].map(([service, infos]) => [service, infos[0]!.State]));
}

describe('up: a host port taken after the preflight check', () => {
  it('fails naming the program that took it, and stops what this start started', async () => {
    const thief = net.createServer();
    const error = await up(docker, project, {
      onProgress,
      // Runs after db started and before app's container is created: the port is free at the checks.
      prepare: async (service) => {
        if (service.name === 'app')
          await new Promise<void>((resolve) => thief.listen(port, '127.0.0.1', resolve));
      },
    }).then(
      () => undefined,
      (e: unknown) => e as StatusError,
    );
    try {
      expect(isStatusError(error, 'PORT_IN_USE')).toBe(true);
      const command = (await readFile(`/proc/${process.pid}/comm`, 'utf8')).trim();
      expect(error!.message).toContain(`Host port ${port} on 127.0.0.1, which app publishes`);
      expect(error!.message).toContain(`${command} (process ${process.pid})`);
      expect(error!.hint).toContain(`Stop ${command} (process ${process.pid})`);
      const [conflict] = error!.details.conflicts as PortConflict[];
      expect(conflict!.heldBy).toEqual({ kind: 'process', pid: process.pid, command });
      expect(events).toContainEqual(expect.objectContaining({ service: 'app', phase: 'failed' }));
      // Nothing half-started: db, started by this start, is stopped again; app never ran.
      const after = await states();
      expect(after.db).not.toBe('running');
      expect(after.app ?? 'created').not.toBe('running');
    } finally {
      await new Promise((resolve) => thief.close(resolve));
    }
    // The port is free again: the same start goes through.
    const result = await up(docker, project, { onProgress });
    expect(Object.keys(result.services).sort()).toEqual(['app', 'db']);
    expect(await states()).toEqual({ app: 'running', db: 'running' });
  });
});

describe('up: a container whose networks were never connected (launcher killed after create)', () => {
  it('is reused and connected to every network of its service before it starts', async () => {
    await up(docker, project, { onProgress });
    const [app] = (await listProjectContainers(docker, project.name)).get('app')!;
    const back = project.networks.back!.name;
    await docker.getContainer(app!.Id).stop({ t: 2 });
    await docker.getNetwork(back).disconnect({ Container: app!.Id });

    const result = await up(docker, project, { onProgress });
    expect(result.services.app!.action).toBe('up-to-date');
    const networks = (await docker.getContainer(app!.Id).inspect()).NetworkSettings.Networks;
    expect(Object.keys(networks).sort()).toEqual([project.networks.front!.name, back].sort());
    expect((await states()).app).toBe('running');
  });
});
