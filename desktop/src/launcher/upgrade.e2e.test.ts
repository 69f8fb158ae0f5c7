// Check for updates and the safe upgrade on the real engine, with images served by the test
// registry (test/registry): one small stack (test/upgrade/upgrade-stack.ts) goes through an
// upgrade that works, one whose new image fails its health check (rolled back to the previous
// image), and a release whose new image migrates the database and then fails (rolled back, and
// the backup restored).
import Docker from 'dockerode';
import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackupEvent } from '../engine/backup/index.js';
import { execInContainer } from '../engine/docker/exec.js';
import { listProjectContainers } from '../engine/labels.js';
import { TestRegistry } from '../../test/registry/registry.js';
import { createTestStack, type TestStack } from '../../test/stack-fixture.js';
import { buildDemoImage, buildMigratingImage, upgradeCompose } from '../../test/upgrade/upgrade-stack.js';
import { StatusError } from '../engine/errors.js';
import type { Stack } from './stack.js';
import { upgrade, type UpgradeHost } from './upgrade.js';

const docker = new Docker();
const run = randomBytes(4).toString('hex');
const local = (name: string) => `st-upgrade/${name}:${run}`;
let registry: TestRegistry;
let ts: TestStack;
let stack: Stack;
let composeFile: string;
let demoRef: string;
const imageIds: Record<string, string> = {};
const events: BackupEvent[] = [];
const record = (event: BackupEvent) => events.push(event);

async function containers(): Promise<Record<string, { id: string; imageId: string; state: string }>> {
  const found: Record<string, { id: string; imageId: string; state: string }> = {};
  for (const [service, [info]] of await listProjectContainers(docker, ts.projectName))
    if (info) found[service] = { id: info.Id, imageId: info.ImageID, state: info.State };
  return found;
}

async function psql(sql: string): Promise<string> {
  const id = (await containers()).postgres!.id;
  const result = await execInContainer(
    docker.getContainer(id),
    ['psql', '-X', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-U', 'status', '-d', 'statusdb', '-c', sql],
    30_000,
  );
  if (result.exitCode !== 0) throw new Error(`psql: ${result.output}`);
  return result.output.trim();
}

/** Docker's own verdict lags the gate (which runs the probe itself): polled, with a deadline. */
async function dockerHealth(id: string, want: string, deadlineMs = 30_000): Promise<string | undefined> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const status = (await docker.getContainer(id).inspect()).State.Health?.Status;
    if (status === want || Date.now() > until) return status;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function rollbackTags(): Promise<string[]> {
  const images = await docker.listImages({ filters: { reference: ['status-rollback/*'] } });
  return images.flatMap((i) => i.RepoTags ?? []).filter((tag) => tag.includes(ts.projectName));
}

beforeAll(async () => {
  registry = await TestRegistry.start();
  demoRef = registry.ref('demo', '1');
  imageIds.a = await buildDemoImage(docker, local('a'), { healthy: true });
  imageIds.b = await buildDemoImage(docker, local('b'), { healthy: true });
  imageIds.bad = await buildDemoImage(docker, local('bad'), { healthy: false });
  await registry.loadImage(docker, local('a'), 'demo', '1');
  ts = await createTestStack('st-upgrade');
  composeFile = await ts.writeCompose(upgradeCompose(demoRef));
  stack = await ts.open(composeFile);
  await stack.up({ onProgress: ts.record });
  await psql(
    "CREATE TABLE schema_migrations (version int PRIMARY KEY, name text, checksum text); INSERT INTO schema_migrations VALUES (1, '001_initial', 'a')",
  );
}, 600_000);

afterAll(async () => {
  await ts?.cleanup();
  await registry?.close();
  const tags = [
    demoRef,
    local('a'),
    local('b'),
    local('bad'),
    local('migrating'),
    ...(ts ? await rollbackTags() : []),
  ];
  // The images the registry served and a later pull replaced keep only a digest, no tag.
  const served = registry
    ? (await docker.listImages()).filter((i) => i.RepoDigests?.some((d) => d.startsWith(`${registry.host}/`)))
    : [];
  for (const ref of [...tags, ...served.map((i) => i.Id)])
    await docker
      .getImage(ref)
      .remove({ force: true })
      .catch(() => undefined);
}, 300_000);

describe('check for updates and upgrade, on the real engine with the test registry', () => {
  it('says what is current, what was never downloaded from a registry, and plans nothing', async () => {
    const check = await stack.checkUpdates();
    const byService = Object.fromEntries(check.images.map((c) => [c.service, c]));
    expect(byService.ledger).toMatchObject({ state: 'up-to-date', image: demoRef });
    expect(byService.ledger!.localDigest).toBe(byService.ledger!.remoteDigest);
    // status-test images were built here: whatever their registry says, they cannot be compared.
    expect(byService.other!.state).toBe('unknown');
    expect(byService.other!.reason).toBeTruthy();
    expect(check.plan).toEqual([]);
    const result = await stack.upgrade();
    expect(result).toMatchObject({ outcome: 'up-to-date', recreated: [] });
    expect(result.backup).toBeUndefined();
  });

  it('a new digest for demo:1: backs up, recreates only the ledger, which passes its gate', async () => {
    const before = await containers();
    await registry.loadImage(docker, local('b'), 'demo', '1');
    const check = await stack.checkUpdates();
    expect(check.images.find((c) => c.service === 'ledger')!.state).toBe('update-available');
    expect(check.plan).toEqual([{ service: 'ledger', from: demoRef, to: demoRef, kind: 'new-digest' }]);

    const steps: string[] = [];
    const result = await stack.upgrade({ onProgress: record, onStep: (step) => steps.push(step), check });
    expect(result.outcome, result.message).toBe('upgraded');
    expect(steps).toEqual(['backup', 'pull', 'recreate']);
    expect((await stat(result.backup!.file)).isFile()).toBe(true);
    expect(result.recreated).toEqual([
      {
        service: 'ledger',
        image: demoRef,
        fromImageId: before.ledger!.imageId,
        toImageId: expect.any(String),
      },
    ]);
    const after = await containers();
    expect(after.postgres!.id).toBe(before.postgres!.id);
    expect(after.other!.id).toBe(before.other!.id);
    expect(after.ledger!.id).not.toBe(before.ledger!.id);
    expect(after.ledger!.imageId).toBe(result.recreated[0]!.toImageId);
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'pull', service: 'ledger', image: demoRef }),
    );
    expect(await rollbackTags()).toEqual([]);
    expect((await stack.checkUpdates()).plan).toEqual([]);
  });

  it('a download that fails changes nothing: same containers, same settings, no rollback tags left', async () => {
    const before = await containers();
    const check = await stack.checkUpdates();
    const missing = registry.ref('missing', '1');
    const plan = [
      { service: 'ledger', from: demoRef, to: missing, kind: 'release' as const, setting: 'ledger' as const },
    ];
    const error = await stack.upgrade({ check: { ...check, plan } }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({
      code: 'IMAGE_PULL_FAILED',
      message: expect.stringContaining('Nothing was upgraded'),
    });
    expect((error as { hint: string }).hint).toMatch(/The backup taken first is .+/);
    expect(await containers()).toEqual(before);
    expect((await stack.store.settings()).images.ledger).toBeUndefined();
    expect(await rollbackTags()).toEqual([]);
  });

  it('a new image that fails its health check: rolled back to the previous image, healthy again', async () => {
    const before = await containers();
    await registry.loadImage(docker, local('bad'), 'demo', '1');
    const result = await stack.upgrade({ onProgress: record });
    expect(result.outcome, result.message).toBe('rolled-back');
    expect(result.message).toMatch(/^Rolled back: ledger failed its health check/);
    expect(result.failure).toMatchObject({ service: 'ledger', code: 'SERVICE_UNHEALTHY' });
    expect(result.rollback).toMatchObject({ services: ['ledger'], backupRestored: false, keptImages: [] });
    const after = await containers();
    expect(after.ledger!.imageId).toBe(before.ledger!.imageId);
    expect(after.ledger!.state).toBe('running');
    expect(await dockerHealth(after.ledger!.id, 'healthy')).toBe('healthy');
    expect(after.postgres!.id).toBe(before.postgres!.id);
    // The tag points at the image that runs again; the registry's newer one is offered again.
    expect((await docker.getImage(demoRef).inspect()).Id).toBe(before.ledger!.imageId);
    expect((await stack.checkUpdates()).plan).toHaveLength(1);
    expect(await rollbackTags()).toEqual([]);
  });

  it('a release whose image migrates the database, then fails: back on the previous image, the backup restored', async () => {
    const before = await containers();
    await buildMigratingImage(docker, local('migrating'), { version: 2, name: '002_broken' });
    const releaseText = upgradeCompose(local('migrating'));
    const release = await ts.writeCompose(releaseText);
    // The same file offered over HTTP, as a release's URL would be.
    const server = createServer((_req, res) => res.end(releaseText));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/compose.yaml`;
    const fromUrl = await stack.checkUpdates({ stack: url }).finally(() => server.close());
    expect(fromUrl.release).toMatchObject({
      source: url,
      changes: [{ service: 'ledger', to: local('migrating') }],
    });
    const check = await stack.checkUpdates({ stack: release });
    expect(check.release!.changes).toEqual([
      { service: 'ledger', from: demoRef, to: local('migrating'), setting: 'ledger' },
    ]);
    expect(check.plan).toEqual([
      { service: 'ledger', from: demoRef, to: local('migrating'), kind: 'release', setting: 'ledger' },
    ]);

    const result = await stack.upgrade({ onProgress: record, check });
    expect(result.outcome, result.message).toBe('rolled-back');
    expect(result.rollback).toMatchObject({ backupRestored: true, schemaBefore: 1, schemaAfter: 2 });
    expect(await psql('SELECT version FROM schema_migrations ORDER BY version')).toBe('1');
    expect((await stack.store.settings()).images.ledger).toBeUndefined();
    expect(stack.project.services.ledger!.image).toBe(demoRef);
    const after = await containers();
    expect(after.ledger!.imageId).toBe(before.ledger!.imageId);
    expect(await dockerHealth(after.ledger!.id, 'healthy')).toBe('healthy');
  });

  it('a rollback that fails itself says so: what failed, the backup, the tags that keep the previous images', async () => {
    const before = await containers();
    let ups = 0;
    // The Stack's own steps, except that the engine "goes away" when the rollback starts the
    // previous image again (simulated: the second `up`).
    const host: UpgradeHost = {
      docker,
      get project() {
        return stack.project;
      },
      imageSettings: async () => (await stack.store.settings()).images,
      setImageSettings: () => Promise.reject(new Error('no release in this test')),
      releaseDiff: () => Promise.reject(new Error('no release in this test')),
      backup: (opts) => stack.backup(opts),
      restore: (file, opts) => stack.restore(file, opts),
      up: (opts) =>
        ++ups === 1
          ? stack.up(opts)
          : Promise.reject(
              new StatusError(
                'ENGINE_UNREACHABLE',
                'The engine stopped answering (simulated).',
                'Start Docker.',
              ),
            ),
    };
    const result = await upgrade(host, { onProgress: record });
    expect(result.outcome, result.message).toBe('rollback-failed');
    expect(result.message).toBe(
      'ledger failed its health check, and putting the previous images back failed too: The engine stopped answering (simulated).',
    );
    const kept = await rollbackTags();
    expect(kept).toHaveLength(1);
    expect(result.rollback).toMatchObject({ services: ['ledger'], backupRestored: false, keptImages: kept });
    expect(result.rollback!.error!.hint).toContain(`The previous images are kept as ${kept[0]}.`);
    expect(result.rollback!.error!.hint).toContain(
      'The database was not changed and the services name their previous images again: start STATUS (`status-desktop up`)',
    );
    // What the hint says works: the tag already points back, so a start runs the previous image.
    await stack.up({ services: ['ledger'], onProgress: record });
    expect((await containers()).ledger!.imageId).toBe(before.ledger!.imageId);
    await docker.getImage(kept[0]!).remove();
  });
});
