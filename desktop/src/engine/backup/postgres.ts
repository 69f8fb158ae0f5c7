// PostgreSQL through `docker exec` into the running service: one `pg_dump -Fc` per database (a
// consistent snapshot without stopping anything), and the restore as drop + `pg_restore --create`,
// which brings back the database's owner, settings and grants with its contents. Roles (and so
// their passwords) live outside any database: they are not in the dumps, the server's own stay.
import type Docker from 'dockerode';
import type { Readable, Writable } from 'node:stream';
import type { ServiceSpec } from '../compose/types.js';
import { devNull } from './archive.js';
import { execInContainer } from '../docker/exec.js';
import { commandFailed, execToSink } from './exec-stream.js';
import { putFile } from './put-file.js';

const QUERY_TIMEOUT_MS = 60_000;
const RESTORE_TIMEOUT_MS = 60 * 60_000;

/** psql over the container's local socket (trusted for its own users), unaligned, no psqlrc. */
async function query(
  container: Docker.Container,
  user: string,
  database: string,
  sql: string,
): Promise<string[][]> {
  const result = await execInContainer(
    container,
    [
      'psql',
      '-X',
      '-A',
      '-t',
      '-q',
      '-v',
      'ON_ERROR_STOP=1',
      '-F',
      '\t',
      '-U',
      user,
      '-d',
      database,
      '-c',
      sql,
    ],
    QUERY_TIMEOUT_MS,
  );
  if (result.exitCode !== 0)
    throw commandFailed(`PostgreSQL query (${sql.slice(0, 60)}…)`, result.exitCode, result.output);
  return result.output
    .split('\n')
    .filter((line) => line.length)
    .map((line) => line.split('\t'));
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

export interface DatabaseInfo {
  name: string;
  owner: string;
}

/** The server's own databases (not the templates, not the maintenance database `postgres`). */
export async function listDatabases(container: Docker.Container, user: string): Promise<DatabaseInfo[]> {
  const rows = await query(
    container,
    user,
    'postgres',
    "SELECT datname, pg_get_userbyid(datdba) FROM pg_database WHERE NOT datistemplate AND datname <> 'postgres' ORDER BY 1",
  );
  return rows.map(([name, owner]) => ({ name: name!, owner: owner! }));
}

export async function missingRoles(
  container: Docker.Container,
  user: string,
  roles: string[],
): Promise<string[]> {
  const existing = new Set(
    (await query(container, user, 'postgres', 'SELECT rolname FROM pg_roles')).map(([r]) => r),
  );
  return [...new Set(roles)].filter((role) => !existing.has(role));
}

export interface SchemaVersion {
  latestVersion: number | null;
  migrations: Array<{ version: number; name: string }>;
}

/** The backend's applied migrations (backend/src/db/migrate.ts keeps them in schema_migrations). */
export async function schemaVersion(
  container: Docker.Container,
  user: string,
  database: string,
): Promise<SchemaVersion | null> {
  const [[exists] = []] = await query(
    container,
    user,
    database,
    "SELECT to_regclass('public.schema_migrations') IS NOT NULL",
  );
  if (exists !== 't') return null;
  const rows = await query(
    container,
    user,
    database,
    'SELECT version, name FROM schema_migrations ORDER BY version DESC',
  );
  const migrations = rows.map(([version, name]) => ({ version: Number(version), name: name ?? '' }));
  return { latestVersion: migrations[0]?.version ?? null, migrations };
}

export function dumpDatabase(
  container: Docker.Container,
  user: string,
  database: string,
  sink: Writable,
  signal?: AbortSignal,
): Promise<void> {
  return execToSink(
    container,
    ['pg_dump', '--format=custom', '--username', user, '--dbname', database],
    sink,
    { what: `pg_dump of the database ${database}`, signal },
  );
}

/**
 * Replaces `database` with the dump: the dump file goes into the container, the database is dropped
 * (its connections ended) and pg_restore creates it again as it was.
 */
export async function restoreDatabase(
  container: Docker.Container,
  user: string,
  database: string,
  dump: { size: number; content: Readable },
): Promise<void> {
  const file = `status-restore-${database.replace(/[^A-Za-z0-9_-]/g, '_')}.pgdump`;
  await putFile(container, file, dump.size, dump.content);
  try {
    await query(container, user, 'postgres', `DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`);
    const result = await execInContainer(
      container,
      [
        'pg_restore',
        '--create',
        '--exit-on-error',
        '--username',
        user,
        '--dbname',
        'postgres',
        `/tmp/${file}`,
      ],
      RESTORE_TIMEOUT_MS,
    );
    if (result.exitCode !== 0)
      throw commandFailed(`pg_restore of the database ${database}`, result.exitCode, result.output);
  } finally {
    await execInContainer(container, ['rm', '-f', `/tmp/${file}`], QUERY_TIMEOUT_MS).catch(() => undefined);
  }
}

/**
 * Roles the stack's init scripts (stack/postgres) create, with the variable of the postgres
 * service that holds each one's password.
 */
const INIT_SCRIPT_ROLES: Record<string, string> = {
  grafana_reader: 'GRAFANA_DB_PASSWORD',
  grafana: 'GRAFANA_OWNER_DB_PASSWORD',
};

/** The password each role should have, from the service's environment (the current secrets). */
export function rolePasswords(service: ServiceSpec, user: string): Record<string, string> {
  const env = service.environment;
  const passwords: Record<string, string> = {};
  if (env.POSTGRES_PASSWORD) passwords[user] = env.POSTGRES_PASSWORD;
  for (const [role, variable] of Object.entries(INIT_SCRIPT_ROLES))
    if (env[variable]) passwords[role] = env[variable];
  return passwords;
}

/**
 * Gives each existing role its password (roles are not in the dumps: after restoring data made
 * with other secrets, or with the backup's secrets put back, this makes the roles match them).
 */
export async function setRolePasswords(
  container: Docker.Container,
  user: string,
  passwords: Record<string, string>,
): Promise<string[]> {
  const roles = Object.keys(passwords);
  const missing = new Set(await missingRoles(container, user, roles));
  const present = roles.filter((role) => !missing.has(role));
  for (const role of present) {
    // psql interpolates :"role" and :'pw' in its input (not in -c), quoting them safely.
    await execToSink(
      container,
      [
        'sh',
        '-c',
        `printf '%s\\n' "ALTER ROLE :\\"role\\" WITH PASSWORD :'pw';" | psql -X -q -v ON_ERROR_STOP=1 -v role="$STATUS_ROLE" -v pw="$STATUS_ROLE_PASSWORD" -U "$0" -d postgres`,
        user,
      ],
      devNull(),
      {
        what: `Setting the password of the role ${role}`,
        env: { STATUS_ROLE: role, STATUS_ROLE_PASSWORD: passwords[role]! },
      },
    );
  }
  return present;
}
