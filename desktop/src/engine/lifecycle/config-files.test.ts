// Config files without the engine: what is read, what the hash sees, and the tar the engine gets.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComposeProject, ServiceSpec } from '../compose/types.js';
import { StatusError } from '../errors.js';
import { configArchive, configFileDigests, readConfigFiles, type ConfigFile } from './config-files.js';
import { serviceConfigHash } from './config-hash.js';

const service: ServiceSpec = {
  name: 'proxy',
  image: 'nginx',
  environment: {},
  ports: [],
  mounts: [],
  networks: ['default'],
  dependsOn: {},
  restart: 'no',
  labels: {},
  stopGracePeriodMs: 10_000,
  ulimits: [],
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'st-config-files-'));
  await writeFile(path.join(dir, 'site.conf'), 'listen 80;\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function projectWith(files: Record<string, string>): ComposeProject {
  return {
    name: 'p',
    workingDir: dir,
    configFiles: [path.join(dir, 'compose.yaml')],
    services: {},
    networks: {},
    volumes: {},
    configs: Object.fromEntries(
      Object.entries(files).map(([key, file]) => [key, { key, file: path.join(dir, file) }]),
    ),
  };
}

const withConfig: ServiceSpec = {
  ...service,
  configs: [{ source: 'site', target: '/etc/nginx/conf.d/default.conf', uid: 101, gid: 101, mode: 0o440 }],
};

describe('config files', () => {
  it('keeps the hash of a service without configs what it was before configs existed', async () => {
    expect(await serviceConfigHash(service, 'sha256:1', configFileDigests([]))).toBe(
      await serviceConfigHash(service, 'sha256:1'),
    );
  });

  it('changes the hash when a file’s content changes, and only then', async () => {
    const project = projectWith({ site: 'site.conf' });
    const hash = async () =>
      serviceConfigHash(
        withConfig,
        'sha256:1',
        configFileDigests(await readConfigFiles(project, withConfig)),
      );
    const first = await hash();
    expect(await hash()).toBe(first);
    await writeFile(path.join(dir, 'site.conf'), 'listen 8080;\n');
    expect(await hash()).not.toBe(first);
  });

  it('packs each file at its path from / with its mode and owner', async () => {
    const files: ConfigFile[] = [{ ...withConfig.configs![0]!, content: Buffer.from('x') }];
    const entries: Array<{ name: string; mode?: number; uid?: number; gid?: number; body: string }> = [];
    const extract = tar.extract();
    extract.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const { name, mode, uid, gid } = header;
        entries.push({ name, mode, uid, gid, body: Buffer.concat(chunks).toString() });
        next();
      });
    });
    const done = new Promise((resolve) => extract.on('finish', resolve));
    extract.end(await configArchive(files));
    await done;
    expect(entries).toEqual([
      { name: 'etc/nginx/conf.d/default.conf', mode: 0o440, uid: 101, gid: 101, body: 'x' },
    ]);
  });

  it('says which file is missing and what to do', async () => {
    const error = await readConfigFiles(projectWith({ site: 'gone.conf' }), withConfig).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StatusError);
    expect((error as StatusError).message).toContain(
      `proxy needs ${path.join(dir, 'gone.conf')} (config "site")`,
    );
    expect((error as StatusError).hint).toContain('Reinstall STATUS Desktop');
  });
});
