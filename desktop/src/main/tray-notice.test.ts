import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../../test/fake-electron/index.js'));
import * as electron from '../../test/fake-electron/index.js';
import { CLOSE_NOTICE, firstCloseNotice } from './tray-notice.js';

let home: string;
beforeEach(async () => {
  electron.resetFakeElectron();
  home = await mkdtemp(join(tmpdir(), 'status-tray-notice-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

/** Waits for the notice's write (it runs in the background of the close event). */
async function stateFile(): Promise<Record<string, unknown>> {
  await vi.waitFor(async () => JSON.parse(await readFile(join(home, 'shell-state.json'), 'utf8')));
  return JSON.parse(await readFile(join(home, 'shell-state.json'), 'utf8'));
}

describe('firstCloseNotice', () => {
  it('says where the app went the first time the window is closed, and never again (remembered on disk)', async () => {
    let opened = 0;
    const onHidden = firstCloseNotice(home, () => opened++);
    onHidden();
    onHidden();
    expect(await stateFile()).toEqual({ closeNoticeShown: true });
    expect(electron.Notification.instances).toHaveLength(1);
    const notice = electron.Notification.instances[0]!;
    expect(notice.options).toEqual(CLOSE_NOTICE);
    expect(notice.shown).toBe(true);
    notice.emit('click');
    expect(opened).toBe(1);

    // The next run of the app reads the flag: no second notice.
    firstCloseNotice(home)();
    await new Promise((resolve) => setImmediate(resolve));
    expect(electron.Notification.instances).toHaveLength(1);
  });

  it('a damaged state file means one notice more, not a failure; other keys are kept', async () => {
    await writeFile(join(home, 'shell-state.json'), '{ not json');
    firstCloseNotice(home)();
    expect(await stateFile()).toEqual({ closeNoticeShown: true });
    expect(electron.Notification.instances).toHaveLength(1);
  });
});
