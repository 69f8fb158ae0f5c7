// What an upgrade plans from a check, and the release stack file's differences (no engine).
import { describe, expect, it } from 'vitest';
import type { ComposeProject, ServiceSpec } from '../engine/compose/types.js';
import { releaseChanges } from '../engine/images/updates-release.js';
import type { ServiceImageCheck } from '../engine/images/updates.js';
import { rollbackTag, schemaChanged, splitTag } from '../engine/lifecycle/upgrade-images.js';
import { planUpgrade } from './upgrade.js';
import { rollbackFailedHint, type RollbackContext } from './upgrade-rollback.js';

function project(images: Record<string, string>, built: string[] = []): ComposeProject {
  const services = Object.fromEntries(
    Object.entries(images).map(([name, image]) => [
      name,
      { name, image, ...(built.includes(name) ? { build: { context: '.' } } : {}) } as unknown as ServiceSpec,
    ]),
  );
  return { name: 'status', services } as unknown as ComposeProject;
}

const VARIABLES = {
  postgres: 'STATUS_POSTGRES_IMAGE',
  grafana: 'STATUS_GRAFANA_IMAGE',
  'status-backend': 'STATUS_BACKEND_IMAGE',
  custom: 'MY_IMAGE',
};

describe('releaseChanges', () => {
  it('lists the services the release pins differently, with the image setting that applies each', () => {
    const current = project(
      {
        postgres: 'postgres:17.2',
        grafana: 'grafana/grafana-oss:11.4.0',
        'status-backend': 'status-backend:0.1.0',
        custom: 'x:1',
      },
      ['status-backend'],
    );
    const release = project(
      {
        postgres: 'postgres:17.2',
        grafana: 'grafana/grafana-oss:11.5.0',
        'status-backend': 'status-backend:0.2.0',
        custom: 'x:2',
        ledger: 'blockchain:2',
      },
      ['status-backend'],
    );
    const diff = releaseChanges(current, release, VARIABLES, 'https://example.org/compose.yaml');
    expect(diff.source).toBe('https://example.org/compose.yaml');
    expect(diff.newServices).toEqual(['ledger']);
    expect(diff.changes).toEqual([
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
        notApplicable: expect.stringContaining('built locally'),
      },
      { service: 'custom', from: 'x:1', to: 'x:2', notApplicable: expect.stringContaining('not a setting') },
    ]);
  });
});

describe('planUpgrade', () => {
  const check = (
    service: string,
    state: ServiceImageCheck['state'],
    image = `${service}:1`,
  ): ServiceImageCheck => ({
    service,
    image,
    state,
  });

  it('pulls the same tag again where the registry has a new digest, nothing else', () => {
    expect(
      planUpgrade([
        check('postgres', 'update-available'),
        check('grafana', 'up-to-date'),
        check('mongo', 'unknown'),
      ]),
    ).toEqual([{ service: 'postgres', from: 'postgres:1', to: 'postgres:1', kind: 'new-digest' }]);
  });

  it("a release's applicable pin wins over a new digest; one it cannot apply is left out", () => {
    const release = {
      source: 'compose.yaml',
      newServices: [],
      changes: [
        { service: 'grafana', from: 'grafana:1', to: 'grafana:2', setting: 'grafana' as const },
        { service: 'status-backend', from: 'b:1', to: 'b:2', notApplicable: 'built locally' },
      ],
    };
    expect(
      planUpgrade(
        [check('grafana', 'update-available'), check('status-backend', 'built-locally', 'b:1')],
        release,
      ),
    ).toEqual([
      { service: 'grafana', from: 'grafana:1', to: 'grafana:2', kind: 'release', setting: 'grafana' },
    ]);
  });
});

describe('upgrade helpers', () => {
  it('splits a reference for the tag API, a registry port kept in the repository', () => {
    expect(splitTag('127.0.0.1:5000/demo:1')).toEqual({ repo: '127.0.0.1:5000/demo', tag: '1' });
    expect(splitTag('127.0.0.1:5000/demo')).toEqual({ repo: '127.0.0.1:5000/demo', tag: 'latest' });
  });

  it('names the rollback tag after the service, the project and the time', () => {
    expect(rollbackTag('St_E2E', 'reverse-proxy', new Date('2026-12-03T18:04:05.123Z'))).toBe(
      'status-rollback/reverse-proxy:st_e2e-20261203-180405',
    );
  });

  it('a schema changed when the applied migrations differ', () => {
    const v = (...versions: number[]) => ({
      latestVersion: versions[0] ?? null,
      migrations: versions.map((version) => ({ version, name: `m${version}` })),
    });
    expect(schemaChanged(v(2, 1), v(2, 1))).toBe(false);
    expect(schemaChanged(v(1), v(2, 1))).toBe(true);
    expect(schemaChanged(null, v(1))).toBe(true);
    expect(schemaChanged(null, null)).toBe(false);
  });
});

describe('rollbackFailedHint', () => {
  const ctx = {
    kept: ['status-rollback/grafana:status-20261203-180405'],
    backup: { file: '/b/status.statusbackup' },
  } as unknown as RollbackContext;

  it('names the kept images and what to do, by how far the rollback got', () => {
    expect(rollbackFailedHint('restore', ctx, true)).toBe(
      'The previous images are kept as status-rollback/grafana:status-20261203-180405. ' +
        'The database had been changed by the new version and the backup could not be restored: ' +
        'restore the backup (`status-desktop restore /b/status.statusbackup`), then start STATUS (`status-desktop up`); ' +
        'if a service still fails, its logs say why.',
    );
    expect(rollbackFailedHint('settings', ctx, false)).toContain(
      'clear them in Settings → image versions, then start STATUS',
    );
    expect(rollbackFailedHint('start', ctx, true)).toContain('The backup was restored');
    expect(rollbackFailedHint('images', { ...ctx, kept: [] }, false)).toMatch(
      /^The previous images were not on this engine\. /,
    );
  });
});
