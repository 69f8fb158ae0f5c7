// buildImage and ensureImages against the real engine: builds FROM status-test/base:1 (built by the
// test global setup), pulls from the local registry (test/registry/registry.ts). Everything is
// named st-build*/st-pull*; images and temporary folders are removed afterwards.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestRegistry, serveRandomImage } from '../../../test/registry/registry.js';
import type { ComposeProject, ServiceSpec } from '../compose/types.js';
import { rejected } from '../../../test/expect-error.js';
import type { ProgressEvent } from '../progress.js';
import { buildContextFiles } from './build-context.js';
import { buildImage } from './build.js';
import { ensureImages, imageExists } from './ensure.js';

const BASE = process.env.ST_BUILD_TEST_BASE_IMAGE ?? 'status-test/base:1';
const docker = new Docker();
const images: string[] = [];
const dirs: string[] = [];
/** Words echoed by failing builds: their committed steps stay behind as dangling images. */
const markers: string[] = [];
let registry: TestRegistry;

const rand = () => randomBytes(5).toString('hex');
const tag = (name: string) => {
  const image = `st-build/${name}:${rand()}`;
  images.push(image);
  return image;
};

/** A temporary build context with these files (path → content). */
async function context(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'st-build-'));
  dirs.push(dir);
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), content);
  }
  return dir;
}

const buildLines = (events: ProgressEvent[]) => events.flatMap((e) => (e.type === 'build' ? [e.line] : []));

beforeAll(async () => {
  registry = await TestRegistry.start();
});

afterAll(async () => {
  for (const { Id } of await docker.listImages({ filters: { dangling: ['true'] } })) {
    const info = await docker
      .getImage(Id)
      .inspect()
      .catch(() => null);
    const cmd = (info?.ContainerConfig?.Cmd ?? []).join(' ');
    if (markers.some((m) => cmd.includes(m)))
      await docker
        .getImage(Id)
        .remove()
        .catch(() => {});
  }
  for (const image of images)
    await docker
      .getImage(image)
      .remove({ force: true })
      .catch(() => {});
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  await registry?.close();
});

describe('buildContextFiles', () => {
  it('honours .dockerignore, exceptions inside excluded folders, and always sends the Dockerfile', async () => {
    const dir = await context({
      'docker/Dockerfile': 'FROM scratch\n',
      '.dockerignore': 'secret.txt\nlogs\n!logs/keep.log\ndocker\n',
      'secret.txt': 'x',
      'kept.txt': 'x',
      'logs/drop.log': 'x',
      'logs/keep.log': 'x',
      'src/secret.txt': 'x', // only the top-level one is ignored
    });
    expect(await buildContextFiles(dir, 'docker/Dockerfile')).toEqual([
      '.dockerignore',
      'docker/Dockerfile',
      'kept.txt',
      'logs/keep.log',
      'src/secret.txt',
    ]);
  });
});

describe('buildImage (real engine)', () => {
  it('builds with build args and .dockerignore, streaming the output lines as progress', async () => {
    const image = tag('ok');
    const dir = await context({
      'docker/app.Dockerfile': [
        `FROM ${BASE}`,
        'ARG GREETING=unset',
        'WORKDIR /ctx',
        'COPY . /ctx/',
        'RUN echo "greeting: $GREETING"',
        'RUN test ! -e secret.txt && test -e kept.txt && test -e logs/keep.log && test ! -e logs/drop.log',
        '',
      ].join('\n'),
      '.dockerignore': 'secret.txt\nlogs\n!logs/keep.log\n',
      'secret.txt': 'do not send',
      'kept.txt': 'send',
      'logs/drop.log': 'x',
      'logs/keep.log': 'x',
    });
    const greeting = `hello st-build ${rand()}`; // new each run: no build cache
    const events: ProgressEvent[] = [];
    await buildImage(
      docker,
      image,
      { context: dir, dockerfile: './docker/app.Dockerfile', args: { GREETING: greeting } },
      { service: 'st-build', onProgress: (e) => events.push(e) },
    );

    const lines = buildLines(events);
    // Six steps of ours, and the engine's own LABEL step for the labels option.
    expect(lines).toContain(`Step 1/8 : FROM ${BASE}`);
    // The engine adds one LABEL step per label we set (the service, and the build-inputs hash).
    expect(lines.filter((l) => /^Step [78]\/8 : LABEL /.test(l))).toHaveLength(2);
    expect(lines).toContainEqual(expect.stringContaining('LABEL org.status.desktop.service=st-build'));
    expect(lines).toContain(`greeting: ${greeting}`);
    expect(lines.some((l) => /^Successfully tagged st-build\/ok:/.test(l))).toBe(true);
    expect(lines.every((l) => l.trim() !== '' && !l.includes('\n'))).toBe(true);
    expect(events.every((e) => e.type === 'build' && e.service === 'st-build' && e.image === image)).toBe(
      true,
    );
    const info = await docker.getImage(image).inspect();
    expect(info.Config.Labels).toMatchObject({ 'org.status.desktop.service': 'st-build' });
  });

  it('a failing RUN gives IMAGE_BUILD_FAILED naming the step, with the last output lines', async () => {
    const image = tag('fails');
    const said = `about to fail ${rand()}`; // new each run: no build cache
    markers.push(said);
    const dir = await context({ Dockerfile: `FROM ${BASE}\nRUN echo ${said}\nRUN false\n` });
    const events: ProgressEvent[] = [];
    const error = await rejected(
      buildImage(
        docker,
        image,
        { context: dir, dockerfile: 'Dockerfile', args: {} },
        { service: 'status-backend', onProgress: (e) => events.push(e) },
      ),
    );
    expect(error.code).toBe('IMAGE_BUILD_FAILED');
    expect(error.message).toContain('status-backend');
    expect(error.message).toContain('step 3/5 (RUN false)'); // steps 4-5: the engine's LABELs
    expect(error.message).toMatch(/returned a non-zero code: 1/);
    expect(error.details).toMatchObject({ service: 'status-backend', image, step: 'step 3/5 (RUN false)' });
    expect(error.details.lastLines).toEqual(expect.arrayContaining([said, 'Step 3/5 : RUN false']));
    expect(buildLines(events)).toContain(said);
    expect(await imageExists(docker, image)).toBe(false);
  });

  it('a Dockerfile the engine cannot parse gives IMAGE_BUILD_FAILED with the engine’s words', async () => {
    const image = tag('unparsable');
    const dir = await context({ Dockerfile: `FORM ${BASE}\n` });
    const error = await rejected(
      buildImage(
        docker,
        image,
        { context: dir, dockerfile: 'Dockerfile', args: {} },
        { service: 'st-build', onProgress: () => {} },
      ),
    );
    expect(error.code).toBe('IMAGE_BUILD_FAILED');
    expect(error.message).toMatch(/unknown instruction: FORM/i);
    expect(error.message).not.toMatch(/HTTP code/);
  });

  it('a missing Dockerfile or build folder is a clear error before the engine is asked', async () => {
    const dir = await context({ 'other.txt': 'x' });
    const missingFile = await rejected(
      buildImage(
        docker,
        tag('nofile'),
        { context: dir, dockerfile: 'Dockerfile', args: {} },
        { service: 'status-frontend', onProgress: () => {} },
      ),
    );
    expect(missingFile.code).toBe('IMAGE_BUILD_FAILED');
    expect(missingFile.message).toBe(`Cannot build status-frontend: Dockerfile is missing in ${dir}.`);
    expect(missingFile.hint).toMatch(/Settings/);

    const gone = path.join(dir, 'no-such-folder');
    const missingDir = await rejected(
      buildImage(
        docker,
        tag('nodir'),
        { context: gone, dockerfile: 'Dockerfile', args: {} },
        { service: 'status-frontend', onProgress: () => {} },
      ),
    );
    expect(missingDir.code).toBe('IMAGE_BUILD_FAILED');
    expect(missingDir.message).toBe(`Cannot build status-frontend: its build folder ${gone} does not exist.`);
  });

  it('cancelling a running step rejects with CANCELLED and tags nothing', async () => {
    const image = tag('cancel');
    const marker = `st-build-cancel-${rand()}`;
    const dir = await context({ Dockerfile: `FROM ${BASE}\nRUN echo ${marker} && sleep 120\n` });
    const controller = new AbortController();
    const error = await rejected(
      buildImage(
        docker,
        image,
        { context: dir, dockerfile: 'Dockerfile', args: {} },
        {
          service: 'st-build',
          signal: controller.signal,
          onProgress: (e) => {
            if (e.type === 'build' && e.line === marker) controller.abort();
          },
        },
      ),
    );
    expect(error.code).toBe('CANCELLED');
    expect(await imageExists(docker, image)).toBe(false);
    // The engine stops the step's container (poll with a deadline; it is not instantaneous).
    const deadline = Date.now() + 60_000;
    const running = async () =>
      (await docker.listContainers({ all: false })).filter((c) => c.Command.includes(marker));
    while ((await running()).length > 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));
    expect(await running()).toEqual([]);
  });
});

describe('ensureImages (real engine, local registry)', () => {
  const service = (name: string, image: string, extra: Partial<ServiceSpec> = {}): ServiceSpec => ({
    name,
    image,
    environment: {},
    ports: [],
    mounts: [],
    networks: [],
    dependsOn: {},
    restart: 'no',
    labels: {},
    stopGracePeriodMs: 10_000,
    ulimits: [],
    ...extra,
  });

  it('builds the build: service and pulls the other once each, then finds both present', async () => {
    const name = 'st-pull/ensure';
    const pullTag = `t-${rand()}`;
    const loaded = await serveRandomImage(docker, registry, name, pullTag);
    const pulled = registry.ref(name, pullTag);
    images.push(pulled);
    const built = tag('ensure-web');
    const said = `built-for-ensure ${rand()}`;
    const dir = await context({ Dockerfile: `FROM ${BASE}\nRUN echo ${said}\n` });
    const project: ComposeProject = {
      name: 'st-ensure',
      workingDir: dir,
      configFiles: [],
      services: {
        web: service('web', built, { build: { context: dir, dockerfile: 'Dockerfile', args: {} } }),
        cache: service('cache', pulled),
        'cache-replica': service('cache-replica', pulled), // same image: fetched once
      },
      networks: {},
      volumes: {},
    };
    const services = ['web', 'cache', 'cache-replica'];

    const first: ProgressEvent[] = [];
    await ensureImages(docker, project, { services, onProgress: (e) => first.push(e) });
    const phases = first.flatMap((e) => (e.type === 'service' ? [`${e.service}:${e.phase}`] : []));
    expect(phases.sort()).toEqual(
      [
        'cache-replica:image-ready',
        'cache-replica:pulling',
        'cache:image-ready',
        'cache:pulling',
        'web:building',
        'web:image-ready',
      ].sort(),
    );
    expect(phases.indexOf('web:building')).toBeLessThan(phases.indexOf('web:image-ready'));
    expect(first.filter((e) => e.type === 'build' && e.line === said)).toHaveLength(1);
    // One pull: the registry sent each layer once.
    for (const digest of loaded.layers) {
      expect(registry.requests.filter((r) => r.method === 'GET' && r.path.endsWith(digest))).toHaveLength(1);
    }
    expect(
      first.filter((e) => e.type === 'pull').every((e) => e.type === 'pull' && e.service === 'cache'),
    ).toBe(true);
    expect(await imageExists(docker, built)).toBe(true);
    expect(await imageExists(docker, pulled)).toBe(true);

    const requestsBefore = registry.requests.length;
    const second: ProgressEvent[] = [];
    await ensureImages(docker, project, { services, onProgress: (e) => second.push(e) });
    expect(second).toEqual([
      { type: 'service', service: 'cache', phase: 'image-ready', message: `image ${pulled} present` },
      { type: 'service', service: 'cache-replica', phase: 'image-ready', message: `image ${pulled} present` },
      { type: 'service', service: 'web', phase: 'image-ready', message: `image ${built} present` },
    ]);
    expect(registry.requests.length).toBe(requestsBefore);

    // Same tag, changed sources (an update of STATUS Desktop): the image is built again.
    await writeFile(path.join(dir, 'app.txt'), `changed ${rand()}`);
    const third: ProgressEvent[] = [];
    await ensureImages(docker, project, { services: ['web'], onProgress: (e) => third.push(e) });
    expect(third.flatMap((e) => (e.type === 'service' ? [e.phase] : []))).toEqual([
      'building',
      'image-ready',
    ]);
  });

  it('an unknown service name is a clear error', async () => {
    const project: ComposeProject = {
      name: 'st-ensure',
      workingDir: '/',
      configFiles: [],
      services: {},
      networks: {},
      volumes: {},
    };
    const error = await rejected(ensureImages(docker, project, { services: ['nope'], onProgress: () => {} }));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toContain('nope');
  });
});
