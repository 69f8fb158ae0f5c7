import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../../test/fake-electron/index.js'));
import * as electron from '../../test/fake-electron/index.js';
import { claimSingleInstance } from './single-instance.js';

beforeEach(() => electron.resetFakeElectron());

describe('single instance', () => {
  it('a second launch focuses the first instance', () => {
    let focused = 0;
    expect(claimSingleInstance(() => focused++)).toBe(true);
    electron.app.emit('second-instance', {}, ['status-desktop'], '/');
    expect(focused).toBe(1);
    expect(electron.app.quitCalls).toBe(0);
  });

  it('without the lock the app quits', () => {
    electron.app.hasLock = false;
    expect(claimSingleInstance(() => undefined)).toBe(false);
    expect(electron.app.quitCalls).toBe(1);
    expect(electron.app.listenerCount('second-instance')).toBe(0);
  });
});
