// The small stack the upgrade tests run: PostgreSQL (the test image, so a backup has a database and
// a schema_migrations table to read), `ledger` (the service being upgraded: its image is a setting,
// STATUS_LEDGER_IMAGE, pinned to the test registry's demo:1) and `other` (a local image that came
// from no registry: the check cannot compare it). Demo images are tiny layers on status-test/base:1.
import type Docker from 'dockerode';
import { randomBytes } from 'node:crypto';
import { testImageTag } from '../images/build-images.js';
import { buildFromFiles } from '../registry/registry.js';

export function upgradeCompose(ledgerImage: string): string {
  return `
services:
  postgres:
    image: ${testImageTag('postgres')}
    environment:
      POSTGRES_DB: statusdb
      POSTGRES_USER: status
      POSTGRES_PASSWORD: \${STATUS_DB_PASSWORD}
    volumes: [postgres-data:/var/lib/postgresql/data]
    healthcheck:
      test: ['CMD-SHELL', 'pg_isready -h 127.0.0.1 -U status -d statusdb']
      interval: 1s
      timeout: 5s
      retries: 60
  ledger:
    image: \${STATUS_LEDGER_IMAGE:-${ledgerImage}}
    environment:
      PGHOST: postgres
      PGUSER: status
      PGDATABASE: statusdb
      PGPASSWORD: \${STATUS_DB_PASSWORD}
    depends_on:
      postgres: { condition: service_healthy }
    healthcheck:
      test: ['CMD-SHELL', 'test -f /healthy']
      interval: 1s
      timeout: 2s
      retries: 2
    stop_grace_period: 1s
  other:
    image: ${testImageTag('base')}
    command: ['sleep', 'infinity']
    stop_grace_period: 1s
volumes:
  postgres-data: {}
`;
}

/**
 * A demo image: `/version` says which one it is; a healthy one has `/healthy`, which the ledger's
 * health check looks for. Random content makes every build a new image.
 */
export function buildDemoImage(docker: Docker, tag: string, opts: { healthy: boolean }): Promise<string> {
  const files: Record<string, string> = { version: `${tag} ${randomBytes(8).toString('hex')}\n` };
  if (opts.healthy) files.healthy = 'yes\n';
  const dockerfile = [
    `FROM ${testImageTag('base')}`,
    ...Object.keys(files).map((name) => `COPY ${name} /${name}`),
    'CMD ["sleep", "infinity"]',
  ].join('\n');
  return buildFromFiles(docker, tag, `${dockerfile}\n`, files);
}

/**
 * A version that migrates the database (adds a schema_migrations row, as the backend's migrations
 * do) and then fails its health check: the case where a rollback must restore the backup too.
 */
export function buildMigratingImage(
  docker: Docker,
  tag: string,
  migration: { version: number; name: string },
): Promise<string> {
  const script = `#!/bin/sh
psql -X -v ON_ERROR_STOP=1 -c "INSERT INTO schema_migrations VALUES (${migration.version}, '${migration.name}', 'x')" || exit 1
exec sleep infinity
`;
  const dockerfile = [
    `FROM ${testImageTag('postgres')}`,
    'COPY migrate.sh /migrate.sh',
    'ENTRYPOINT ["/migrate.sh"]',
    'CMD []',
  ].join('\n');
  return buildFromFiles(docker, tag, `${dockerfile}\n`, { 'migrate.sh': script });
}
