import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileAtomic, tightenFileMode, writeFileAtomic } from './files.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'status-files-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('replaces the file with the exact mode and leaves no temp file', async () => {
    const path = join(dir, 'a.json');
    await writeFile(path, 'old', { mode: 0o644 });
    await writeFileAtomic(path, 'new', 0o600);
    expect(await readFile(path, 'utf8')).toBe('new');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['a.json']);
  });

  it('cleans its temp file up when the rename fails', async () => {
    const target = join(dir, 'is-a-dir');
    await mkdir(join(target, 'child'), { recursive: true }); // rename over a non-empty folder fails
    await expect(writeFileAtomic(target, 'data', 0o600)).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['is-a-dir']);
  });
});

describe('createFileAtomic', () => {
  it('creates once: of many concurrent creators exactly one wins, and its content is complete', async () => {
    const path = join(dir, 'secrets.json');
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => createFileAtomic(path, `writer ${i}`, 0o600)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results.indexOf(true);
    expect(await readFile(path, 'utf8')).toBe(`writer ${winner}`);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['secrets.json']);
  });
});

describe('tightenFileMode', () => {
  it('leaves a private file alone and fixes an open one with a warning', async () => {
    const path = join(dir, 'secrets.json');
    await writeFile(path, '{}', { mode: 0o600 });
    expect(await tightenFileMode(path, 'The secrets file')).toBeUndefined();
    await chmod(path, 0o640);
    const warning = await tightenFileMode(path, 'The secrets file');
    expect(warning).toContain(path);
    expect(warning).toContain('0640');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });
});
