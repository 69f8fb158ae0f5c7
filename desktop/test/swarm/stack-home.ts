// The settings folder of a STATUS project for the Swarm tests: its own project name and free
// ports, the test images' environment, and every image of stack/compose.yaml built or present on
// the machine's engine (as `up` builds them), to be copied into the test's Swarm engines.
import Docker from 'dockerode';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ensureImages } from '../../src/engine/images/ensure.js';
import { noProgress } from '../../src/engine/progress.js';
import { DEFAULT_PORTS, saveSettings, type PortName } from '../../src/engine/settings/index.js';
import { Stack } from '../../src/launcher/stack.js';
import { freePort } from '../free-port.js';
import { testImageEnv } from '../images/build-images.js';

export interface SwarmStackHome {
  home: string;
  env: NodeJS.ProcessEnv;
  /** The reverse proxy's port: published on each node. */
  httpPort: number;
  /** The platform's images, built locally. */
  images: string[];
  /** Opens the project on a Swarm engine. */
  open(docker: Docker): Promise<Stack>;
  remove(): Promise<void>;
}

export async function prepareSwarmStackHome(projectName: string): Promise<SwarmStackHome> {
  const home = await mkdtemp(path.join(os.tmpdir(), `st-${projectName}-`));
  const ports = {} as Record<PortName, number>;
  for (const name of Object.keys(DEFAULT_PORTS) as PortName[]) ports[name] = await freePort();
  await saveSettings({ projectName, ports }, home);
  const env = { ...process.env, ...testImageEnv() };
  delete env.STATUS_PROJECT_NAME;
  const local = await Stack.open({ home, env });
  await ensureImages(new Docker(), local.project, { services: local.services, onProgress: noProgress });
  const images = [...new Set(Object.values(local.project.services).map((s) => s.image))];
  return {
    home,
    env,
    httpPort: ports.http,
    images,
    open: (docker) => Stack.open({ home, env, docker }),
    remove: () => rm(home, { recursive: true, force: true }),
  };
}
