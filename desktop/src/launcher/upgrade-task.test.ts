import { describe, expect, it } from 'vitest';
import type { UpgradeResult } from '../engine/lifecycle/upgrade-report.js';
import { upgradeTaskError } from './upgrade-task.js';

const base: UpgradeResult = {
  outcome: 'upgraded',
  message: 'Upgraded ledger.',
  elapsedMs: 1000,
  plan: [{ service: 'ledger', from: 'demo:1', to: 'demo:1', kind: 'new-digest' }],
  backup: { file: '/home/op/backups/status-x.statusbackup', size: 10, schemaVersion: 3 },
  recreated: [],
  unchanged: [],
};

describe('an upgrade as a console task', () => {
  it('ends well when it upgraded or had nothing to do', () => {
    expect(upgradeTaskError(base)).toBeUndefined();
    expect(upgradeTaskError({ ...base, outcome: 'up-to-date' })).toBeUndefined();
  });

  it('fails with the upgrade’s words when it rolled back, naming the service whose logs say why', () => {
    const error = upgradeTaskError({
      ...base,
      outcome: 'rolled-back',
      message: 'ledger failed its health check on the new image; it is back on its previous image.',
      failure: { service: 'ledger', code: 'SERVICE_UNHEALTHY', message: 'unhealthy', lastLines: [] },
      rollback: {
        services: ['ledger'],
        backupRestored: false,
        schemaBefore: 3,
        schemaAfter: 3,
        keptImages: [],
      },
    })!;
    expect(error.code).toBe('UPGRADE_ROLLED_BACK');
    expect(error.message).toContain('back on its previous image');
    expect(error.hint).toContain('status-desktop logs ledger');
    expect(error.details).toMatchObject({
      outcome: 'rolled-back',
      service: 'ledger',
      backup: base.backup!.file,
    });
  });

  it('passes on what to do when the rollback itself failed', () => {
    const error = upgradeTaskError({
      ...base,
      outcome: 'rollback-failed',
      message: 'The rollback failed.',
      rollback: {
        services: ['ledger'],
        backupRestored: false,
        schemaBefore: 3,
        schemaAfter: 4,
        error: {
          message: 'engine went away',
          hint: 'Restore /home/op/backups/status-x.statusbackup by hand.',
        },
        keptImages: ['status-rollback/ledger:x'],
      },
    })!;
    expect(error.hint).toBe('Restore /home/op/backups/status-x.statusbackup by hand.');
  });
});
