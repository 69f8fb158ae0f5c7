// What `status-desktop updates` and `upgrade` print, and their exit codes.
import { describe, expect, it } from 'vitest';
import type { UpdateCheck, UpgradeResult } from '../launcher/upgrade.js';
import type { Stack } from '../launcher/stack.js';
import type { UpgradeOptions } from '../launcher/upgrade.js';
import { updatesReport, upgradeCommand, upgradeExitCode, upgradeReport } from './upgrade.js';

const OLD = 'sha256:' + '1'.repeat(12) + 'a'.repeat(52);
const NEW = 'sha256:' + '2'.repeat(12) + 'b'.repeat(52);

const check: UpdateCheck = {
  checkedAt: '2026-12-03T18:00:00.000Z',
  project: 'status',
  images: [
    {
      service: 'postgres',
      image: 'postgres:17.2',
      state: 'update-available',
      localDigest: OLD,
      remoteDigest: NEW,
    },
    {
      service: 'grafana',
      image: 'grafana/grafana-oss:11.4.0',
      state: 'up-to-date',
      localDigest: OLD,
      remoteDigest: OLD,
    },
    {
      service: 'mongo-registry',
      image: 'mongo:7',
      state: 'unknown',
      reason: 'the registry could not be asked: no such host',
    },
    { service: 'status-backend', image: 'status-backend:0.1.0', state: 'built-locally' },
  ],
  release: {
    source: 'https://example.org/compose.yaml',
    changes: [
      {
        service: 'grafana',
        from: 'grafana/grafana-oss:11.4.0',
        to: 'grafana/grafana-oss:11.5.0',
        setting: 'grafana',
      },
      {
        service: 'status-backend',
        from: 'status-backend:0.1.0',
        to: 'status-backend:0.2.0',
        notApplicable: 'built locally',
      },
    ],
    newServices: ['ledger'],
  },
  plan: [
    { service: 'postgres', from: 'postgres:17.2', to: 'postgres:17.2', kind: 'new-digest' },
    {
      service: 'grafana',
      from: 'grafana/grafana-oss:11.4.0',
      to: 'grafana/grafana-oss:11.5.0',
      kind: 'release',
      setting: 'grafana',
    },
  ],
};

describe('updatesReport', () => {
  it('a table of every image, the release differences and the plan', () => {
    const text = updatesReport(check);
    expect(text).toMatch(/^SERVICE\s+IMAGE\s+STATE\s+DETAIL$/m);
    expect(text).toMatch(/^postgres\s+postgres:17\.2\s+update available\s+111111111111 → 222222222222$/m);
    expect(text).toMatch(/^grafana\s+\S+\s+up to date\s*$/m);
    expect(text).toMatch(
      /^mongo-registry\s+mongo:7\s+unknown\s+the registry could not be asked: no such host$/m,
    );
    expect(text).toMatch(/^status-backend\s+\S+\s+built locally\s+comes with STATUS Desktop$/m);
    expect(text).toContain('Release stack file https://example.org/compose.yaml:');
    expect(text).toContain('  grafana: grafana/grafana-oss:11.4.0 → grafana/grafana-oss:11.5.0\n');
    expect(text).toContain('status-backend:0.1.0 → status-backend:0.2.0 (not by upgrade: built locally)');
    expect(text).toContain('new services (they come with that STATUS Desktop release): ledger');
    expect(text).toContain('  postgres: download the new postgres:17.2');
    expect(text).toContain(
      '  grafana: grafana/grafana-oss:11.4.0 → grafana/grafana-oss:11.5.0 (stored as the image setting "grafana")',
    );
  });

  it('says when there is nothing to upgrade', () => {
    expect(updatesReport({ ...check, release: undefined, plan: [] })).toMatch(/\n\nNothing to upgrade\.$/);
  });
});

describe('upgradeReport', () => {
  const base: UpgradeResult = {
    outcome: 'upgraded',
    message: 'Upgraded postgres; every upgraded service passed its health check.',
    elapsedMs: 1000,
    plan: check.plan.slice(0, 1),
    backup: { file: '/home/op/backups/status.statusbackup', size: 2_500_000, schemaVersion: 7 },
    recreated: [{ service: 'postgres', image: 'postgres:17.2', fromImageId: OLD, toImageId: NEW }],
    unchanged: [],
  };

  it('an upgrade: the backup and each service moved, exit code 0', () => {
    const text = upgradeReport(base);
    expect(text.split('\n')).toEqual([
      '✓ Upgraded postgres; every upgraded service passed its health check.',
      '  backup     /home/op/backups/status.statusbackup (2.5 MB, schema 7)',
      '  upgraded   postgres: postgres:17.2 (111111111111 → 222222222222)',
    ]);
    expect(upgradeExitCode(base)).toBe(0);
  });

  it('a rollback: the failed service with its last log lines, exit code 1', () => {
    const rolledBack: UpgradeResult = {
      ...base,
      outcome: 'rolled-back',
      message: 'Rolled back: postgres failed its health check.',
      failure: {
        service: 'postgres',
        code: 'SERVICE_UNHEALTHY',
        message: 'unhealthy',
        lastLines: ['FATAL: bad'],
      },
      rollback: {
        services: ['postgres'],
        backupRestored: false,
        schemaBefore: 7,
        schemaAfter: 7,
        keptImages: [],
      },
    };
    const text = upgradeReport(rolledBack);
    expect(text).toMatch(/^✗ Rolled back/);
    expect(text).toContain('tried      postgres');
    expect(text).toContain('Last log lines of postgres:\n  FATAL: bad');
    expect(upgradeExitCode(rolledBack)).toBe(1);
  });

  it('a failed rollback says what to do, exit code 3', () => {
    const failed: UpgradeResult = {
      ...base,
      outcome: 'rollback-failed',
      message:
        'postgres failed its health check, and putting the previous images back failed too: engine gone',
      rollback: {
        services: ['postgres'],
        backupRestored: false,
        schemaBefore: 7,
        schemaAfter: null,
        error: {
          message: 'engine gone',
          hint: 'The previous images are kept as status-rollback/postgres:x.',
        },
        keptImages: ['status-rollback/postgres:x'],
      },
    };
    expect(upgradeReport(failed)).toContain(
      '  → The previous images are kept as status-rollback/postgres:x.',
    );
    expect(upgradeExitCode(failed)).toBe(3);
  });
});

describe('upgradeCommand', () => {
  const rolledBack: UpgradeResult = {
    outcome: 'rolled-back',
    message: 'Rolled back: postgres failed its health check.',
    elapsedMs: 1,
    plan: check.plan,
    recreated: [],
    unchanged: [],
  };

  function fakeStack() {
    const calls: UpgradeOptions[] = [];
    const stack = {
      checkUpdates: async () => check,
      upgrade: async (opts: UpgradeOptions) => {
        calls.push(opts);
        opts.onStep?.('backup', 'backing up every data store first');
        return rolledBack;
      },
    } as unknown as Stack;
    return { stack, calls };
  }

  function terminal(interactive: boolean) {
    const out: string[] = [];
    const err: string[] = [];
    return {
      out,
      err,
      term: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), env: {}, interactive },
    };
  }

  it('without a terminal and without --yes: shows the plan, changes nothing, exit code 2', async () => {
    const { stack, calls } = fakeStack();
    const t = terminal(false);
    expect(await upgradeCommand(stack, {}, t.term, () => {}, new AbortController().signal)).toBe(2);
    expect(t.out.join('\n')).toContain('`status-desktop upgrade` would: back up every data store, then');
    expect(t.err.join('\n')).toContain('Add --yes');
    expect(calls).toEqual([]);
  });

  it('with --yes: upgrades exactly the plan shown, prints the steps and the outcome, exit code 1 on a rollback', async () => {
    const { stack, calls } = fakeStack();
    const t = terminal(false);
    expect(await upgradeCommand(stack, { yes: true }, t.term, () => {}, new AbortController().signal)).toBe(
      1,
    );
    expect(calls[0]!.check).toBe(check);
    expect(t.out).toContain('\n== backing up every data store first');
    expect(t.out.at(-1)).toBe('\n✗ Rolled back: postgres failed its health check.');
  });
});
