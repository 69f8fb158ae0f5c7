// `docker context ls` without the CLI: the store under <config>/contexts, read as the CLI writes it.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { contextDigest, listContexts } from './contexts.js';
import { makeCertificates, removeTempDirs, tempDir, writeContext } from './test-support.js';

afterAll(removeTempDirs);

describe('listContexts', () => {
  it('lists every context by name, with its host, description and whether it keeps TLS files', () => {
    const config = tempDir();
    const certs = makeCertificates();
    writeContext(config, 'remote-1', 'tcp://10.0.0.5:2376', { tlsFrom: certs.clientDir });
    writeContext(config, 'colima', 'unix:///home/me/.colima/default/docker.sock');
    writeFileSync(path.join(config, 'config.json'), JSON.stringify({ currentContext: 'colima' }));
    const listing = listContexts(config);
    expect(listing.current).toBe('colima');
    expect(listing.warnings).toEqual([]);
    expect(listing.contexts).toEqual([
      {
        name: 'colima',
        host: 'unix:///home/me/.colima/default/docker.sock',
        description: 'test',
        tls: false,
      },
      { name: 'remote-1', host: 'tcp://10.0.0.5:2376', description: 'test', tls: true },
    ]);
  });

  it('no store and no config.json: no contexts, "default" is current', () => {
    expect(listContexts(tempDir())).toEqual({ contexts: [], current: 'default', warnings: [] });
  });

  it('a damaged meta.json is skipped with a warning naming the file; the others stay listed', () => {
    const config = tempDir();
    writeContext(config, 'good', 'ssh://ops@build-1');
    const broken = path.join(config, 'contexts', 'meta', contextDigest('broken'));
    mkdirSync(broken, { recursive: true });
    writeFileSync(path.join(broken, 'meta.json'), '{ not json');
    const nohost = path.join(config, 'contexts', 'meta', contextDigest('nohost'));
    mkdirSync(nohost, { recursive: true });
    writeFileSync(path.join(nohost, 'meta.json'), JSON.stringify({ Name: 'nohost', Endpoints: {} }));
    const listing = listContexts(config);
    expect(listing.contexts.map((c) => c.name)).toEqual(['good']);
    expect(listing.warnings).toHaveLength(2);
    expect(listing.warnings.join('\n')).toContain(path.join(broken, 'meta.json'));
    expect(listing.warnings.join('\n')).toContain('no Docker endpoint');
  });
});
