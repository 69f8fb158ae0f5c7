import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readLauncherState, writeLauncherState } from './setup-state.js';

describe('launcher state', () => {
  let home: string;
  const warnings: string[] = [];
  const warn = (message: string) => warnings.push(message);
  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'launcher-state-'));
    warnings.length = 0;
  });
  afterEach(() => rm(home, { recursive: true, force: true }));

  it('reads as empty before anything was written', async () => {
    expect(await readLauncherState(home, warn)).toEqual({});
    expect(warnings).toEqual([]);
  });

  it('reads back what was written, readable by the user only', async () => {
    await writeLauncherState(home, { setupDone: true });
    expect(await readLauncherState(home, warn)).toEqual({ setupDone: true });
    expect((await stat(join(home, 'launcher-state.json'))).mode & 0o777).toBe(0o600);
  });

  it.each([['{ not json'], ['[1, 2]'], ['{"setupDone": "yes"}']])(
    'reads a damaged file (%s) as empty and says setup will show again',
    async (text) => {
      await writeFile(join(home, 'launcher-state.json'), text);
      expect(await readLauncherState(home, warn)).toEqual({});
      expect(warnings).toEqual([expect.stringContaining('first-run setup will show again')]);
    },
  );
});
