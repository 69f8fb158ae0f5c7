import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listComposeVariables, loadComposeProject } from '../engine/compose/load.js';
import type { ComposeProject } from '../engine/compose/types.js';
import { IMAGE_KEYS } from '../engine/settings/index.js';
import { defaultImages } from './default-images.js';
import { defaultComposeFile } from './project.js';

const STACK_FILE = defaultComposeFile({});

/** stack/compose.yaml as it loads with every profile on, no image variable set, stand-in secrets. */
async function withoutOverrides(): Promise<ComposeProject> {
  const env: Record<string, string> = { COMPOSE_PROFILES: '*' };
  for (const v of await listComposeVariables({ file: STACK_FILE })) if (v.required) env[v.name] = 'x';
  return (await loadComposeProject({ file: STACK_FILE, env })).project;
}

describe('defaultImages', () => {
  it('gives every settings key of stack/compose.yaml the image the file runs when nothing overrides it', async () => {
    const [defaults, project] = await Promise.all([defaultImages(STACK_FILE), withoutOverrides()]);
    for (const key of IMAGE_KEYS) expect(defaults[key], key).not.toBe('');
    const { services } = project;
    expect(defaults.postgres).toBe(services.postgres!.image);
    expect(defaults.reverseProxy).toBe(services['reverse-proxy']!.image);
    expect(defaults.ledger).toBe(services.ledger!.image);
    // Build arguments: the images ours are built on.
    expect(defaults.noderedBase).toBe(services.nodered!.build!.args.NODE_RED_IMAGE);
    expect(defaults.node).toBe(services['status-backend']!.build!.args.NODE_IMAGE);
    expect(defaults.nginx).toBe(services['status-frontend']!.build!.args.NGINX_IMAGE);
  });

  describe('on a file of its own', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'default-images-'));
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));

    it('leaves a key empty when the file gives its variable no default', async () => {
      const file = join(dir, 'compose.yaml');
      await writeFile(
        file,
        [
          'services:',
          '  postgres:',
          '    image: ${STATUS_POSTGRES_IMAGE:-postgres:16}',
          '  mongo:',
          '    image: ${STATUS_MONGO_IMAGE}',
          '',
        ].join('\n'),
      );
      const defaults = await defaultImages(file);
      expect(defaults.postgres).toBe('postgres:16');
      expect(defaults.mongo).toBe('');
      expect(defaults.grafana).toBe('');
    });
  });
});
