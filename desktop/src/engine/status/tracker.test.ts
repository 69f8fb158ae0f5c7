// StatusTracker against the real engine: containers labelled as a Compose project, driven through
// their lifecycle; every wait is on tracker events with a deadline.
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EngineState } from './model.js';
import {
  createServiceContainer,
  ensureNodeImage,
  execIn,
  isSubsequence,
  recordChanges,
  removeProject,
  testProject,
  until,
  waitForService,
  waitForStatus,
} from './test-support.js';
import { StatusTracker } from './tracker.js';

const docker = new Docker();
const projects: string[] = [];
const trackers: StatusTracker[] = [];

function newProject(): string {
  const p = testProject();
  projects.push(p);
  return p;
}

function track(opts: ConstructorParameters<typeof StatusTracker>[0]): StatusTracker {
  const t = new StatusTracker(opts);
  trackers.push(t);
  return t;
}

beforeAll(async () => {
  await docker.ping();
  await ensureNodeImage(docker);
});

afterEach(async () => {
  await Promise.all(trackers.splice(0).map((t) => t.stop()));
});

afterAll(async () => {
  for (const p of projects) await removeProject(docker, p);
});

describe('StatusTracker (real engine)', { timeout: 180_000 }, () => {
  it('follows a service from missing through created, starting, healthy, unhealthy, exited, back to missing', async () => {
    const project = newProject();
    const tracker = track({ docker, project, services: ['web', 'ghost'], pollMs: 60_000 });
    const web = recordChanges(tracker, 'web');
    await tracker.start();

    const s = tracker.snapshot();
    expect(s.engine).toBe('connected');
    expect(s.state).toBe('stopped');
    expect(s.services.web).toEqual({ service: 'web', state: 'missing', restartCount: 0, ports: [] });
    expect(s.services.ghost?.state).toBe('missing');

    const container = await createServiceContainer(docker, project, 'web', { health: true });
    const created = await waitForService(tracker, 'web', (x) => x.state === 'created', 'created');
    expect(created.containerId).toBe(container.id);
    expect(created.containerName).toBe(`${project}-web-1`);

    await container.start();
    const starting = await waitForService(tracker, 'web', (x) => x.state === 'starting', 'starting');
    expect(starting.health).toBe('starting');
    expect(starting.startedAt).toBeGreaterThan(0);
    expect(tracker.snapshot().state).toBe('starting');

    await execIn(container, "require('fs').writeFileSync('/tmp/healthy','')");
    const healthy = await waitForService(tracker, 'web', (x) => x.state === 'healthy', 'healthy');
    expect(healthy.health).toBe('healthy');
    expect(healthy.lastHealthLog).toBe('ok');
    expect(healthy.uptimeMs).toBeGreaterThanOrEqual(0);
    expect(healthy.imageId).toMatch(/^sha256:/);
    expect(tracker.snapshot().state).toBe('partial'); // ghost is missing

    await execIn(container, "require('fs').unlinkSync('/tmp/healthy')");
    const unhealthy = await waitForService(tracker, 'web', (x) => x.state === 'unhealthy', 'unhealthy');
    expect(unhealthy.lastHealthLog).toMatch(/ENOENT/);
    expect(tracker.snapshot().state).toBe('degraded');

    await container.stop({ t: 5 });
    const exited = await waitForService(tracker, 'web', (x) => x.state === 'exited', 'exited');
    expect(exited.exitCode).toBe(143);
    expect(exited.health).toBeUndefined();
    expect(exited.uptimeMs).toBeUndefined();
    expect(exited.finishedAt).toBeGreaterThanOrEqual(exited.startedAt!);
    expect(tracker.snapshot().state).toBe('stopped');

    await container.remove();
    await waitForService(tracker, 'web', (x) => x.state === 'missing', 'missing again');
    expect(
      isSubsequence(
        ['created', 'starting', 'healthy', 'unhealthy', 'exited', 'missing'],
        web.map((x) => x.state),
      ),
    ).toBe(true);
    // 'ghost' never had a container and never changed.
    expect(tracker.snapshot().services.ghost?.state).toBe('missing');
  });

  it('shows a running service without health check, with its live port, and counts restarts of a crashing one', async () => {
    const project = newProject();
    const tracker = track({ docker, project, services: ['api', 'crashy'], pollMs: 60_000 });
    await tracker.start();

    const api = await createServiceContainer(docker, project, 'api', { publish: [8080] });
    await api.start();
    const running = await waitForService(tracker, 'api', (x) => x.state === 'running', 'running');
    expect(running.health).toBe('none');
    expect(running.ports.length).toBeGreaterThan(0);
    expect(running.ports[0]).toMatchObject({ hostIp: '127.0.0.1', containerPort: 8080, protocol: 'tcp' });
    expect(running.ports[0]!.hostPort).toBeGreaterThan(0);

    const crashy = await createServiceContainer(docker, project, 'crashy', {
      script: 'setTimeout(()=>process.exit(3),300)',
      restart: { Name: 'on-failure', MaximumRetryCount: 2 },
    });
    const states = recordChanges(tracker, 'crashy');
    await crashy.start();
    const final = await waitForService(
      tracker,
      'crashy',
      (x) => x.state === 'exited' && x.restartCount === 2,
      'exited after 2 restarts',
    );
    expect(final.exitCode).toBe(3);
    expect(states.some((x) => x.state === 'running')).toBe(true);
    // restartCount grows one by one as the engine restarts it.
    expect(states.map((x) => x.restartCount).filter((n, i, a) => a.indexOf(n) === i)).toEqual([0, 1, 2]);
    // One service up, one exited with an error: degraded.
    expect(tracker.snapshot().state).toBe('degraded');
  });

  it('reports a container the OOM killer ended as a failure, not a stop', async () => {
    const project = newProject();
    const tracker = track({ docker, project, services: ['ok', 'hog'], pollMs: 60_000 });
    await tracker.start();
    const ok = await createServiceContainer(docker, project, 'ok');
    await ok.start();
    const hog = await createServiceContainer(docker, project, 'hog', {
      script: 'const a=[];for(;;)a.push(Buffer.alloc(1e6,1))',
      memoryBytes: 48 * 1024 * 1024,
    });
    await hog.start();
    const dead = await waitForService(tracker, 'hog', (x) => x.state === 'exited', 'exited');
    expect(dead).toMatchObject({ exitCode: 137, oomKilled: true });
    await waitForService(tracker, 'ok', (x) => x.state === 'running', 'running');
    expect(tracker.snapshot().state).toBe('degraded');
  });

  it('emits change only when something visible changed (polls of a steady service are silent)', async () => {
    const project = newProject();
    const c = await createServiceContainer(docker, project, 'steady');
    await c.start();
    const tracker = track({ docker, project, services: ['steady'], pollMs: 100 });
    const changes = recordChanges(tracker, 'steady');
    const snapshots: number[] = [];
    tracker.on('snapshot', (s) => snapshots.push(s.updatedAt));
    await tracker.start();
    expect(tracker.snapshot().services.steady?.state).toBe('running');
    expect(changes).toHaveLength(1); // missing → running, from the first snapshot
    const before = changes.length;
    await waitForStatus(tracker, () => snapshots.length >= 5, 'five polls');
    expect(changes).toHaveLength(before);
    // A pause is seen between polls and reported once.
    await c.pause();
    await waitForService(tracker, 'steady', (x) => x.state === 'paused', 'paused');
    await c.unpause();
    await waitForService(tracker, 'steady', (x) => x.state === 'running', 'running again');
    expect(changes.map((x) => x.state)).toEqual(['running', 'paused', 'running']);
  });

  it('refresh(service) and setServices update the model on demand', async () => {
    const project = newProject();
    const tracker = track({ docker, project, services: ['a'], pollMs: 60_000 });
    await tracker.start();
    const b = await createServiceContainer(docker, project, 'b');
    await b.start();
    tracker.setServices(['a', 'b']);
    const after = await tracker.refresh('b');
    expect(after.services.b?.state).toBe('running');
    expect(Object.keys(after.services)).toEqual(['a', 'b']);
    tracker.setServices(['b']);
    expect(Object.keys(tracker.snapshot().services)).toEqual(['b']);
    const full = await tracker.refresh();
    expect(full.state).toBe('running');
  });

  it('starts without an engine, does not throw, and connects when the engine becomes reachable', async () => {
    const project = newProject();
    let calls = 0;
    const tracker = track({
      project,
      services: ['x'],
      pollMs: 60_000,
      backoff: { initialMs: 20, maxMs: 100 },
      docker: async () =>
        ++calls <= 3 ? new Docker({ socketPath: path.join(tmpdir(), 'st-status-no-such.sock') }) : docker,
    });
    const engine: EngineState[] = [];
    tracker.on('engine', (s) => engine.push(s));
    await tracker.start();
    expect(tracker.snapshot().engine).toBe('disconnected');
    expect(tracker.snapshot().engineError).toMatch(/ENOENT|connect/);
    await waitForStatus(tracker, (s) => s.engine === 'connected', 'connected');
    expect(calls).toBe(4);
    expect(engine).toEqual(['connected']);
    await tracker.stop();
    expect(engine).toEqual(['connected', 'disconnected']);
  });

  it('reconnect(): another engine was chosen; the tracker asks for the client again and is connected to it', async () => {
    const project = newProject();
    const clients: Docker[] = [];
    const tracker = track({
      project,
      services: ['x'],
      pollMs: 60_000,
      docker: async () => {
        const client = new Docker({ socketPath: '/var/run/docker.sock' });
        clients.push(client);
        return client;
      },
    });
    const engine: EngineState[] = [];
    tracker.on('engine', (s) => engine.push(s));
    await tracker.start();
    expect(clients).toHaveLength(1);
    tracker.reconnect();
    await until(() => clients.length === 2 && tracker.snapshot().engine === 'connected', 'connected again');
    expect(engine).toEqual(['connected', 'reconnecting', 'connected']);
  });

  it('gives up on an engine that accepts connections but never answers, and keeps retrying', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'st-status-'));
    const sock = path.join(dir, 'mute.sock');
    const held = new Set<net.Socket>();
    const server = net.createServer((c) => {
      held.add(c);
      c.resume(); // read (and ignore) the requests, so the client's close is noticed
      c.on('error', () => undefined);
      c.on('close', () => held.delete(c));
    });
    await new Promise<void>((resolve) => server.listen(sock, resolve));
    try {
      const tracker = track({
        docker: new Docker({ socketPath: sock }),
        project: newProject(),
        services: ['x'],
        requestTimeoutMs: 300,
        backoff: { initialMs: 20, maxMs: 50 },
      });
      await tracker.start();
      expect(tracker.snapshot()).toMatchObject({ engine: 'disconnected', state: 'stopped' });
      expect(tracker.snapshot().engineError).toMatch(/did not subscribe to events within 300 ms/);
      await tracker.stop();
      // Every held request was aborted when its attempt was given up.
      await until(() => held.size === 0, 'the held connections to be closed', 5_000);

      // stop() does not wait for a mute engine's deadline.
      const patient = track({
        docker: new Docker({ socketPath: sock }),
        project: newProject(),
        services: ['x'],
        requestTimeoutMs: 600_000,
      });
      const started = patient.start();
      await until(() => held.size > 0, 'the subscription to reach the mute engine', 5_000);
      const stopped = await Promise.race([
        patient
          .stop()
          .then(() => started)
          .then(() => 'stopped'),
        new Promise((r) => setTimeout(() => r('still waiting'), 10_000)),
      ]);
      expect(stopped).toBe('stopped');
      await until(() => held.size === 0, 'the held connection to be closed', 5_000);
    } finally {
      for (const c of held) c.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reconnects when the event stream is cut, and resnapshots what changed while it was gone', async () => {
    // A real Unix-socket proxy in front of the engine, so the connection can be cut without
    // restarting dockerd (which other test files share).
    const project = newProject();
    const dir = mkdtempSync(path.join(tmpdir(), 'st-status-'));
    const sock = path.join(dir, 'proxy.sock');
    const sockets = new Set<net.Socket>();
    const server = net.createServer((client) => {
      const upstream = net.connect('/var/run/docker.sock');
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
        s.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    const listen = (): Promise<void> => new Promise((resolve) => server.listen(sock, resolve));
    const cut = (): Promise<void> =>
      new Promise((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });

    try {
      await listen();
      const one = await createServiceContainer(docker, project, 'one');
      const two = await createServiceContainer(docker, project, 'two');
      await one.start();
      await two.start();
      const proxied = new Docker({ socketPath: sock });
      const tracker = track({
        docker: proxied,
        project,
        services: ['one', 'two', 'three'],
        pollMs: 60_000, // only events and the reconnect snapshot can see changes
        backoff: { initialMs: 50, maxMs: 200 },
      });
      const engine: EngineState[] = [];
      tracker.on('engine', (s) => engine.push(s));
      await tracker.start();
      expect(tracker.snapshot().state).toBe('partial');

      await cut();
      await waitForStatus(tracker, (s) => s.engine === 'reconnecting', 'reconnecting');
      expect(tracker.snapshot().engineError).toBeTruthy();
      // Changes while the tracker cannot see the engine:
      await two.stop({ t: 5 });
      const three = await createServiceContainer(docker, project, 'three');
      await three.start();

      await listen();
      const s = await waitForStatus(
        tracker,
        (x) =>
          x.engine === 'connected' &&
          x.services.two?.state === 'exited' &&
          x.services.three?.state === 'running',
        'reconnected with the new state',
      );
      expect(s.state).toBe('partial');
      expect(engine).toEqual(['connected', 'reconnecting', 'connected']);

      // And events flow again on the new stream.
      await one.stop({ t: 5 });
      await waitForService(tracker, 'one', (x) => x.state === 'exited', 'exited via events after reconnect');
    } finally {
      for (const t of trackers.splice(0)) await t.stop();
      await new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
      for (const s of sockets) s.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
