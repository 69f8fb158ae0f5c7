// A real STATUS stack for tests: its own settings folder, project name and free host ports, the
// local test images (see test/images), and a cleanup that deletes everything it made.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import Docker from 'dockerode';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ProgressEvent } from '../src/engine/progress.js';
import { LABEL } from '../src/engine/labels.js';
import { DEFAULT_PORTS, saveSettings, type PortName } from '../src/engine/settings/index.js';
import { Stack } from '../src/launcher/stack.js';
import { freePort } from './free-port.js';
import { testImageEnv } from './images/build-images.js';

/**
 * The grafana-auth network has a fixed subnet (stack/compose.yaml), and Docker refuses a second
 * network on the same one: stacks running at once (test files, CI, the developer's own STATUS) each
 * get their own, at random in 10.200-249.x (12 800 choices).
 */
function randomAuthNet(): string {
  return `10.${200 + Math.floor(Math.random() * 50)}.${Math.floor(Math.random() * 256)}`;
}

export interface TestStack {
  home: string;
  projectName: string;
  ports: Record<PortName, number>;
  env: NodeJS.ProcessEnv;
  /** Opens the stack as the app would (re-reading settings). */
  open(composeFile?: string): Promise<Stack>;
  /**
   * Writes a Compose file of the test's own (and files it refers to, by name, next to it) into a
   * folder cleanup() removes; returns the Compose file's path.
   */
  writeCompose(compose: string, beside?: Record<string, string>): Promise<string>;
  events: ProgressEvent[];
  record: (event: ProgressEvent) => void;
  cleanup(): Promise<void>;
}

export async function createTestStack(prefix = 'st-e2e'): Promise<TestStack> {
  const home = await mkdtemp(path.join(tmpdir(), `${prefix}-home-`));
  const projectName = `${prefix}-${Math.random().toString(36).slice(2, 8)}`;
  const ports = {} as Record<PortName, number>;
  // The kernel may hand the same free port out twice in a row: every service needs its own.
  const taken = new Set<number>();
  for (const name of Object.keys(DEFAULT_PORTS) as PortName[]) {
    let port = await freePort();
    while (taken.has(port)) port = await freePort();
    taken.add(port);
    ports[name] = port;
  }
  await saveSettings({ projectName, ports }, home);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...testImageEnv(),
    STATUS_GRAFANA_AUTH_NET: randomAuthNet(),
  };
  delete env.STATUS_PROJECT_NAME;
  const events: ProgressEvent[] = [];
  const opened: Stack[] = [];
  const folders = [home];
  let lastCompose: string | undefined;
  return {
    home,
    projectName,
    ports,
    env,
    events,
    record: (event) => events.push(event),
    async open(composeFile) {
      const stack = await Stack.open({ home, env, composeFile });
      opened.push(stack);
      return stack;
    },
    async writeCompose(compose, beside = {}) {
      const dir = await mkdtemp(path.join(tmpdir(), `${prefix}-compose-`));
      folders.push(dir);
      for (const [name, text] of Object.entries(beside)) await writeFile(path.join(dir, name), text);
      const file = path.join(dir, 'compose.yaml');
      await writeFile(file, compose);
      lastCompose = file;
      return file;
    },
    async cleanup() {
      // A test that opened no Stack (a launcher did) ran the Compose file it wrote, if any.
      const stack = opened.at(-1) ?? (await Stack.open({ home, env, composeFile: lastCompose }));
      const { volumes } = await stack.resetPlan();
      await stack.reset(volumes);
      // Networks of the project's other files (a test may run several): each holds a bridge and
      // one of the engine's address pools until it is removed.
      const docker = new Docker();
      const left = await docker.listNetworks({ filters: { label: [`${LABEL.project}=${projectName}`] } });
      for (const network of left)
        await docker
          .getNetwork(network.Id)
          .remove()
          .catch(() => undefined);
      for (const folder of folders) await rm(folder, { recursive: true, force: true });
    },
  };
}
