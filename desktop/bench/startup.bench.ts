// Start-up and shut-down of the whole platform: our engine versus Debian's docker-compose
// (`up -d` and then waiting until every health check reports healthy), on the same Compose file
// and the same local images, side by side in one run, several rounds. Prints both and the ratio.
//   npm run bench            (in desktop/ or the root)
//   BENCH_ROUNDS=5 npm run bench
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ensureTestImages, testImageEnv } from '../test/images/build-images.js';
import { freePort } from '../test/free-port.js';
import { DEFAULT_PORTS, saveSettings, type PortName } from '../src/engine/settings/index.js';
import { Stack } from '../src/launcher/stack.js';

const run = promisify(execFile);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);

async function openBenchStack(
  projectName: string,
): Promise<{ stack: Stack; home: string; env: NodeJS.ProcessEnv }> {
  const home = await mkdtemp(path.join(tmpdir(), `${projectName}-`));
  const ports = {} as Record<PortName, number>;
  for (const name of Object.keys(DEFAULT_PORTS) as PortName[]) ports[name] = await freePort();
  await saveSettings({ projectName, ports }, home);
  const env = { ...process.env, ...testImageEnv() };
  return { stack: await Stack.open({ home, env }), home, env };
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** Polls `docker inspect` until every container of the project is running and healthy. */
async function waitAllHealthy(project: string, expected: number, deadlineMs = 300_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const { stdout: ids } = await run('docker', [
      'ps',
      '-aq',
      '--filter',
      `label=com.docker.compose.project=${project}`,
    ]);
    const list = ids.trim().split('\n').filter(Boolean);
    if (list.length === expected) {
      const { stdout } = await run('docker', [
        'inspect',
        '--format',
        '{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}',
        ...list,
      ]);
      const states = stdout.trim().split('\n');
      if (states.some((s) => s.endsWith('unhealthy') || s.startsWith('exited')))
        throw new Error(`compose stack failed: ${states.join(', ')}`);
      if (states.every((s) => s === 'running healthy' || s === 'running none')) return;
    }
    if (Date.now() > deadline) throw new Error(`compose stack not healthy within ${deadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main(): Promise<void> {
  console.log('Preparing images (local test images; built once)…');
  await ensureTestImages({ log: () => {} });
  const ours = await openBenchStack('stbench-ours');
  const compose = await openBenchStack('stbench-compose');
  const envFile = await compose.stack.store.writeStackEnv();
  const composeArgs = [
    '-p',
    compose.stack.project.name,
    '--env-file',
    envFile,
    '-f',
    compose.stack.project.configFiles[0]!,
    // docker-compose 1.x ignores configs outside Swarm: this override bind-mounts them instead.
    '-f',
    path.join(path.dirname(compose.stack.project.configFiles[0]!), 'compose.v1-configs.yaml'),
  ];
  const services = compose.stack.services.length;
  // Build the locally built images once so neither side builds during the timed runs.
  await ours.stack.up({ services: ['status-backend', 'status-frontend'], wait: false }).catch(() => {});
  await ours.stack.reset((await ours.stack.resetPlan()).volumes);

  const results: { oursUp: number; composeUp: number; oursDown: number; composeDown: number }[] = [];
  for (let round = 1; round <= rounds; round++) {
    // Each side starts from nothing: no containers, no volumes (first start of every database).
    const oursUp = await timed(() => ours.stack.up());
    const oursDown = await timed(() => ours.stack.down());
    await ours.stack.reset((await ours.stack.resetPlan()).volumes);

    const composeUp = await timed(async () => {
      await run('docker-compose', [...composeArgs, 'up', '-d', '--no-build'], { env: compose.env });
      await waitAllHealthy(compose.stack.project.name, services);
    });
    const composeDown = await timed(() =>
      run('docker-compose', [...composeArgs, 'down'], { env: compose.env }),
    );
    await run('docker-compose', [...composeArgs, 'down', '-v'], { env: compose.env });

    results.push({ oursUp, composeUp, oursDown, composeDown });
    console.log(
      `round ${round}: up ours ${s(oursUp)} vs compose ${s(composeUp)} (ratio ${(oursUp / composeUp).toFixed(2)}); down ours ${s(oursDown)} vs compose ${s(composeDown)} (ratio ${(oursDown / composeDown).toFixed(2)})`,
    );
  }
  const up = { ours: median(results.map((r) => r.oursUp)), compose: median(results.map((r) => r.composeUp)) };
  const down = {
    ours: median(results.map((r) => r.oursDown)),
    compose: median(results.map((r) => r.composeDown)),
  };
  console.log('\nMedian over', rounds, 'rounds (10 services, from nothing to all healthy; images present):');
  console.log(
    `  start: STATUS engine ${s(up.ours)}, docker-compose 1.29 up -d + wait ${s(up.compose)}, ratio ${(up.ours / up.compose).toFixed(2)} (target ≤ 0.70)`,
  );
  console.log(
    `  stop:  STATUS engine ${s(down.ours)}, docker-compose 1.29 down ${s(down.compose)}, ratio ${(down.ours / down.compose).toFixed(2)} (target ≤ 1.00)`,
  );
  await rm(ours.home, { recursive: true, force: true });
  await rm(compose.home, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
