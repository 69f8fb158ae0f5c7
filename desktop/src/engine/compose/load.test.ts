import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StatusError } from '../errors.js';
import { optionalServices, planTiers } from '../plan.js';
import { GRAFANA_ADMIN_USER } from '../setup/grafana-token.js';
import {
  listComposeVariables,
  loadComposeProject,
  normalizeProjectName,
  type LoadComposeOptions,
} from './load.js';

const STACK_FILE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../stack/compose.yaml',
);

/** Every `${VAR:?...}` of stack/compose.yaml: the secrets, and the public URL. */
const STACK_SECRETS = [
  'STATUS_PUBLIC_URL',
  'STATUS_DB_PASSWORD',
  'STATUS_GRAFANA_DB_PASSWORD',
  'STATUS_GRAFANA_OWNER_DB_PASSWORD',
  'STATUS_MONGO_PASSWORD',
  'STATUS_REDIS_PASSWORD',
  'STATUS_NODERED_ADMIN_HASH',
  'STATUS_NODERED_CREDENTIAL_SECRET',
  'STATUS_NODERED_HTTP_HASH',
  'STATUS_GRAFANA_ADMIN_PASSWORD',
  'STATUS_JWT_SECRET',
  'STATUS_REFRESH_JWT_SECRET',
  'STATUS_SECRETS_KEY',
  'STATUS_ADMIN_PASSWORD',
  'STATUS_NODERED_HTTP_PASSWORD',
];
const FULL_ENV: Record<string, string> = {
  ...Object.fromEntries(STACK_SECRETS.map((name) => [name, `secret-of-${name}`])),
  STATUS_PUBLIC_URL: 'https://status.example.org',
};

let root: string;
let counter = 0;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'status-compose-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Writes `text` as compose.yaml in a fresh folder (named `folder`) and returns its path. */
async function composeFile(text: string, folder = `proj${++counter}`): Promise<string> {
  const dir = path.join(root, folder);
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, 'compose.yaml');
  await writeFile(file, text);
  return file;
}

async function load(text: string, options: Partial<LoadComposeOptions> = {}) {
  const file = await composeFile(text);
  return loadComposeProject({ file, env: {}, displayPath: 'compose.yaml', ...options });
}

async function loadError(text: string, options: Partial<LoadComposeOptions> = {}): Promise<StatusError> {
  try {
    await load(text, options);
  } catch (error) {
    if (error instanceof StatusError) return error;
    throw error;
  }
  throw new Error('expected the file to be rejected');
}

describe('the real stack/compose.yaml', () => {
  it('loads with a full environment', async () => {
    const { project, warnings } = await loadComposeProject({
      file: STACK_FILE,
      env: FULL_ENV,
      projectName: 'status',
    });
    expect(warnings).toEqual([]);
    expect(project.name).toBe('status');
    expect(project.workingDir).toBe(path.dirname(STACK_FILE));
    expect(project.configFiles).toEqual([STACK_FILE]);
    expect(Object.keys(project.services).sort()).toEqual(
      [
        'director',
        'dragonfly',
        'grafana',
        'mongo-registry',
        'nodered',
        'postgres',
        'registry',
        'reverse-proxy',
        'status-backend',
        'status-frontend',
      ].sort(),
    );

    const postgres = project.services.postgres!;
    expect(postgres.image).toBe('postgres:17.2-bookworm');
    expect(postgres.environment).toEqual({
      POSTGRES_DB: 'statusdb',
      POSTGRES_USER: 'status',
      POSTGRES_PASSWORD: 'secret-of-STATUS_DB_PASSWORD',
      GRAFANA_DB_PASSWORD: 'secret-of-STATUS_GRAFANA_DB_PASSWORD',
      GRAFANA_OWNER_DB_PASSWORD: 'secret-of-STATUS_GRAFANA_OWNER_DB_PASSWORD',
    });
    expect(postgres.ports).toEqual([
      { hostIp: '127.0.0.1', hostPort: 5432, containerPort: 5432, protocol: 'tcp' },
    ]);
    expect(postgres.mounts).toEqual([
      { type: 'volume', source: 'postgres-data', target: '/var/lib/postgresql/data', readOnly: false },
    ]);
    // Init scripts are configs, copied into the container: nothing of this machine is mounted.
    expect(postgres.configs).toEqual([
      {
        source: 'postgres-init',
        target: '/docker-entrypoint-initdb.d/10-init.sql',
        uid: 0,
        gid: 0,
        mode: 0o444,
      },
      {
        source: 'postgres-grafana-login',
        target: '/docker-entrypoint-initdb.d/20-grafana-login.sh',
        uid: 0,
        gid: 0,
        mode: 0o555,
      },
      {
        source: 'postgres-grafana-db',
        target: '/docker-entrypoint-initdb.d/30-grafana-db.sh',
        uid: 0,
        gid: 0,
        mode: 0o555,
      },
    ]);
    expect(project.configs!['postgres-init']).toEqual({
      key: 'postgres-init',
      file: path.join(path.dirname(STACK_FILE), 'postgres/init.sql'),
    });
    expect(postgres.healthcheck).toEqual({
      test: ['CMD-SHELL', 'pg_isready -h 127.0.0.1 -U "$POSTGRES_USER" -d "$POSTGRES_DB"'],
      intervalMs: 5000,
      timeoutMs: 5000,
      retries: 20,
      startPeriodMs: 10_000,
    });
    expect(postgres.restart).toBe('unless-stopped');
    expect(postgres.logging).toEqual({
      driver: 'json-file',
      options: { 'max-size': '10m', 'max-file': '3' },
    });
    expect(postgres.stopGracePeriodMs).toBe(30_000);
    expect(postgres.networks).toEqual(['db']);

    expect(project.services.dragonfly!.ulimits).toEqual([]);
    expect(project.services.dragonfly!.environment.DFLY_snapshot_cron).toBe('*/5 * * * *');
    expect(project.services['mongo-registry']!.healthcheck!.test[1]).toContain(
      `--host "$(hostname)" --eval "db.adminCommand('ping').ok"`,
    );
    expect(project.services.grafana!.memLimitBytes).toBe(512 * 1024 * 1024);
    expect(project.services.grafana!.dependsOn).toEqual({
      postgres: { condition: 'service_healthy', required: true },
    });
    expect(project.services.grafana!.environment.GF_SERVER_ROOT_URL).toBe(
      'https://status.example.org/grafana/',
    );
    // Grafana's server admin is a login of its own, never the STATUS admin (who reaches Grafana
    // through the auth proxy under the same name), whatever STATUS_ADMIN_USERNAME is.
    expect(project.services.grafana!.environment.GF_SECURITY_ADMIN_USER).toBe(GRAFANA_ADMIN_USER);
    const named = await loadComposeProject({
      file: STACK_FILE,
      env: { ...FULL_ENV, STATUS_ADMIN_USERNAME: 'grafana-admin-not' },
      projectName: 'status',
    });
    expect(named.project.services.grafana!.environment.GF_SECURITY_ADMIN_USER).toBe(GRAFANA_ADMIN_USER);

    const backend = project.services['status-backend']!;
    expect(backend.build).toEqual({
      context: path.resolve(path.dirname(STACK_FILE), '../backend'),
      dockerfile: 'Dockerfile',
      args: { NODE_IMAGE: 'node:20.19.5-bookworm-slim' },
    });
    expect(backend.environment.MONGO_URI).toBe(
      'mongodb://status:secret-of-STATUS_MONGO_PASSWORD@mongo-registry:27017/status?authSource=admin',
    );
    expect(backend.environment.GRAFANA_API_KEY).toBe('');
    expect(backend.healthcheck!.test[0]).toBe('CMD');
    expect(project.services['reverse-proxy']!.ports).toEqual([
      { hostIp: '127.0.0.1', hostPort: 3000, containerPort: 80, protocol: 'tcp' },
    ]);

    expect(Object.keys(project.networks).sort()).toEqual(['db', 'grafana-auth', 'nodered', 'web']);
    // Grafana takes auth-proxy headers only from the reverse proxy's fixed address, which lies in
    // the grafana-auth subnet, outside its dynamic range, and is not the gateway.
    expect(project.networks['grafana-auth']!.ipam).toEqual({
      config: [{ subnet: '10.213.97.0/28', ipRange: '10.213.97.0/29' }],
    });
    expect(project.services['reverse-proxy']!.ipv4Addresses).toEqual({ 'grafana-auth': '10.213.97.14' });
    expect(project.services.grafana!.environment.GF_AUTH_PROXY_WHITELIST).toBe('10.213.97.14');
    expect(project.services.grafana!.networks).toContain('grafana-auth');
    expect(
      Object.entries(project.services)
        .filter(([, s]) => s.networks.includes('grafana-auth'))
        .map(([n]) => n)
        .sort(),
    ).toEqual(['grafana', 'reverse-proxy']);
    expect(project.networks.db).toEqual({
      key: 'db',
      name: 'status_db',
      driver: 'bridge',
      internal: false,
      external: false,
      labels: {},
    });
    expect(project.volumes['postgres-data']!.name).toBe('status_postgres-data');

    expect(planTiers(project)).toEqual([
      ['dragonfly', 'mongo-registry', 'nodered', 'postgres'],
      ['grafana', 'registry', 'status-backend'],
      ['director', 'status-frontend'],
      ['reverse-proxy'],
    ]);
    // The API needs only PostgreSQL and Redis, the proxy only the API and the app: Node-RED,
    // Grafana, MongoDB, the registry and the director are optional (a start without them is
    // degraded, not failed).
    expect(backend.dependsOn).toEqual({
      postgres: { condition: 'service_healthy', required: true },
      dragonfly: { condition: 'service_healthy', required: true },
    });
    expect(Object.keys(project.services['reverse-proxy']!.dependsOn).sort()).toEqual([
      'status-backend',
      'status-frontend',
    ]);
    expect([...optionalServices(project)].sort()).toEqual([
      'director',
      'grafana',
      'mongo-registry',
      'nodered',
      'registry',
    ]);
  });

  it('honours image and port overrides from the environment', async () => {
    const env = {
      ...FULL_ENV,
      STATUS_POSTGRES_IMAGE: 'status-test/postgres:17',
      STATUS_BIND_ADDRESS: '0.0.0.0',
      STATUS_HTTP_PORT: '8080',
    };
    const { project } = await loadComposeProject({ file: STACK_FILE, env });
    expect(project.services.postgres!.image).toBe('status-test/postgres:17');
    expect(project.services['reverse-proxy']!.ports[0]).toEqual({
      hostIp: '0.0.0.0',
      hostPort: 8080,
      containerPort: 80,
      protocol: 'tcp',
    });
    expect(project.name).toBe('stack'); // the folder name when no project name is given
  });

  it('moves the grafana-auth subnet, the proxy address and Grafana whitelist together', async () => {
    const env = { ...FULL_ENV, STATUS_GRAFANA_AUTH_NET: '10.9.8' };
    const { project } = await loadComposeProject({ file: STACK_FILE, env });
    expect(project.networks['grafana-auth']!.ipam!.config[0]!.subnet).toBe('10.9.8.0/28');
    expect(project.services['reverse-proxy']!.ipv4Addresses).toEqual({ 'grafana-auth': '10.9.8.14' });
    expect(project.services.grafana!.environment.GF_AUTH_PROXY_WHITELIST).toBe('10.9.8.14');
  });

  it('fails naming the variable and the key path when a secret is missing', async () => {
    const env: Record<string, string> = { ...FULL_ENV };
    delete env.STATUS_JWT_SECRET;
    const error = await loadComposeProject({
      file: STACK_FILE,
      env,
      displayPath: 'stack/compose.yaml',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StatusError);
    const e = error as StatusError;
    expect(e.code).toBe('COMPOSE_VARIABLE');
    expect(e.message).toBe(
      'stack/compose.yaml: services.status-backend.environment.JWT_SECRET: the required variable STATUS_JWT_SECRET is not set (or is empty): STATUS_JWT_SECRET is not set',
    );
    expect(e.hint).toContain('Set STATUS_JWT_SECRET');
    expect(e.details.variables).toEqual(['STATUS_JWT_SECRET']);
  });

  it('lists every missing secret when none is set', async () => {
    const error = (await loadComposeProject({
      file: STACK_FILE,
      env: {},
      displayPath: 'stack/compose.yaml',
    }).catch((e: unknown) => e)) as StatusError;
    expect(error.code).toBe('COMPOSE_VARIABLE');
    expect(error.message).toContain(
      `stack/compose.yaml: ${STACK_SECRETS.length} required variables are not set:`,
    );
    expect(error.message).toContain(
      'services.postgres.environment.POSTGRES_PASSWORD: the required variable STATUS_DB_PASSWORD is not set (or is empty): STATUS_DB_PASSWORD is not set; run STATUS Desktop once or copy .env.example',
    );
    expect([...(error.details.variables as string[])].sort()).toEqual([...STACK_SECRETS].sort());
  });

  it('takes variables from an env file, with `env` winning', async () => {
    const envFile = path.join(root, 'stack.env');
    await writeFile(
      envFile,
      STACK_SECRETS.map((name) => `${name}='from-file-${name}'`).join('\n') + '\nSTATUS_DB_NAME=fromfile\n',
    );
    const { project } = await loadComposeProject({
      file: STACK_FILE,
      env: { STATUS_DB_NAME: 'fromenv' },
      envFile,
    });
    expect(project.services.postgres!.environment.POSTGRES_PASSWORD).toBe('from-file-STATUS_DB_PASSWORD');
    expect(project.services.postgres!.environment.POSTGRES_DB).toBe('fromenv');
  });
});

describe('listComposeVariables', () => {
  it('lists the required variables of stack/compose.yaml without any being set', async () => {
    const variables = await listComposeVariables({ file: STACK_FILE });
    const required = new Set(variables.filter((v) => v.required).map((v) => v.name));
    expect([...required].sort()).toEqual([...STACK_SECRETS].sort());
    expect(variables).toContainEqual({
      name: 'STATUS_POSTGRES_IMAGE',
      required: false,
      defaultValue: 'postgres:17.2-bookworm',
      path: 'services.postgres.image',
    });
    expect(variables.find((v) => v.name === 'STATUS_DB_PASSWORD')).toEqual({
      name: 'STATUS_DB_PASSWORD',
      required: true,
      message: 'STATUS_DB_PASSWORD is not set; run STATUS Desktop once or copy .env.example',
      path: 'services.postgres.environment.POSTGRES_PASSWORD',
    });
  });
});

describe('normalization of every supported syntax', () => {
  it('normalizes short and long forms', async () => {
    const file = await composeFile(
      `
version: "3.9"
name: My_App.Test
x-common: &common
  restart: always
  labels:
    team: core
services:
  web:
    <<: *common
    x-note: ignored
    image: nginx:1.27
    command: nginx -g 'daemon off;' "two words" escaped\\ space
    entrypoint: [/docker-entrypoint.sh, "--flag"]
    environment:
      NUMBER: 42
      BOOL: true
      FLOAT: 1.5
      NULL_FROM_ENV:
      UNSET_BARE:
      STR: text
    env_file:
      - ./app.env
      - path: ./optional.env
        required: false
    ports:
      - "8080:80"
      - 127.0.0.1:5432:5432
      - "[::1]:6379:6379/udp"
      - "9000"
      - 127.0.0.1::9001
      - 7000-7002:8000-8002
      - 53
      - target: 443
        published: "8443"
        host_ip: 0.0.0.0
        protocol: tcp
      - target: 444
    volumes:
      - data:/data
      - ./conf:/etc/conf:ro
      - /abs/path:/abs:rw
      - ~/cache:/cache
      - type: volume
        source: data
        target: /more
        read_only: true
      - type: bind
        source: ../shared
        target: /shared
    networks:
      - front
      - back
    healthcheck:
      test: curl -f http://localhost/
      interval: 1m30s
      timeout: 500ms
      start_period: 1h2m3s
      retries: 5
    labels:
      - com.example.role=web
      - com.example.empty
    user: 1000
    working_dir: /app
    hostname: web-host
    stop_grace_period: 1m
    stop_signal: SIGQUIT
    mem_limit: 1g
    ulimits:
      memlock: -1
      nofile:
        soft: 1024
        hard: 4096
    logging:
      driver: local
      options:
        max-size: 10m
        max-file: 3
    depends_on:
      - db
  db:
    image: postgres
    environment:
      - A=1
      - B=x=y
      - FROM_ENV
      - UNSET_IN_LIST
    networks:
      back: {}
      x-ext: whatever
      other:
    volumes:
      - db-data:/var/lib/postgresql/data
    healthcheck:
      test: ["CMD", "pg_isready"]
    mem_limit: 512m
  worker:
    build: ./worker
    command: ["run", "--fast"]
    depends_on:
      db:
        condition: service_healthy
      web:
        condition: service_started
        required: true
      ghost:
        condition: service_started
        required: false
    healthcheck:
      disable: true
    restart: on-failure
    mem_limit: 1048576
  builder:
    image: my/builder:1
    build:
      context: ./b
      dockerfile: Containerfile
      target: prod
      args:
        VERSION: 2
        FROM_ENV:
    entrypoint: ""
    stop_grace_period: 0
networks:
  front:
  back:
    driver: overlay
    internal: true
    labels: { a: b }
  other:
    external: true
    name: shared-net
volumes:
  data: {}
  db-data:
    name: fixed-db-data
    labels: [k=v]
  x-ignored: {}
`,
      'myapp',
    );
    const dir = path.dirname(file);
    await writeFile(path.join(dir, 'app.env'), 'FROM_FILE=1\nSTR=overridden-by-environment\n');
    const { project, warnings } = await loadComposeProject({
      file,
      env: { NULL_FROM_ENV: 'from-env', FROM_ENV: 'fe' },
    });
    expect(project.name).toBe('my_apptest');
    expect(warnings).toEqual([
      `${path.relative(process.cwd(), file).startsWith('..') ? file : path.relative(process.cwd(), file)}: services.worker.depends_on: "ghost" is not a service in this file; skipped (required: false).`,
    ]);

    const web = project.services.web!;
    expect(web.restart).toBe('always');
    expect(web.labels).toEqual({ 'com.example.role': 'web', 'com.example.empty': '' });
    expect(web.command).toEqual(['nginx', '-g', 'daemon off;', 'two words', 'escaped space']);
    expect(web.entrypoint).toEqual(['/docker-entrypoint.sh', '--flag']);
    expect(web.environment).toEqual({
      FROM_FILE: '1',
      NUMBER: '42',
      BOOL: 'true',
      FLOAT: '1.5',
      NULL_FROM_ENV: 'from-env',
      STR: 'text',
    });
    expect(web.ports).toEqual([
      { hostIp: '', hostPort: 8080, containerPort: 80, protocol: 'tcp' },
      { hostIp: '127.0.0.1', hostPort: 5432, containerPort: 5432, protocol: 'tcp' },
      { hostIp: '::1', hostPort: 6379, containerPort: 6379, protocol: 'udp' },
      { hostIp: '', hostPort: 0, containerPort: 9000, protocol: 'tcp' },
      { hostIp: '127.0.0.1', hostPort: 0, containerPort: 9001, protocol: 'tcp' },
      { hostIp: '', hostPort: 7000, containerPort: 8000, protocol: 'tcp' },
      { hostIp: '', hostPort: 7001, containerPort: 8001, protocol: 'tcp' },
      { hostIp: '', hostPort: 7002, containerPort: 8002, protocol: 'tcp' },
      { hostIp: '', hostPort: 0, containerPort: 53, protocol: 'tcp' },
      { hostIp: '0.0.0.0', hostPort: 8443, containerPort: 443, protocol: 'tcp' },
      { hostIp: '', hostPort: 0, containerPort: 444, protocol: 'tcp' },
    ]);
    expect(web.mounts).toEqual([
      { type: 'volume', source: 'data', target: '/data', readOnly: false },
      { type: 'bind', source: path.join(dir, 'conf'), target: '/etc/conf', readOnly: true },
      { type: 'bind', source: '/abs/path', target: '/abs', readOnly: false },
      { type: 'bind', source: path.join(homedir(), 'cache'), target: '/cache', readOnly: false },
      { type: 'volume', source: 'data', target: '/more', readOnly: true },
      { type: 'bind', source: path.resolve(dir, '../shared'), target: '/shared', readOnly: false },
    ]);
    expect(web.networks).toEqual(['front', 'back']);
    expect(web.healthcheck).toEqual({
      test: ['CMD-SHELL', 'curl -f http://localhost/'],
      intervalMs: 90_000,
      timeoutMs: 500,
      retries: 5,
      startPeriodMs: 3_723_000,
    });
    expect(web.user).toBe('1000');
    expect(web.workingDir).toBe('/app');
    expect(web.hostname).toBe('web-host');
    expect(web.stopGracePeriodMs).toBe(60_000);
    expect(web.stopSignal).toBe('SIGQUIT');
    expect(web.memLimitBytes).toBe(1024 ** 3);
    expect(web.ulimits).toEqual([
      { name: 'memlock', soft: -1, hard: -1 },
      { name: 'nofile', soft: 1024, hard: 4096 },
    ]);
    expect(web.logging).toEqual({ driver: 'local', options: { 'max-size': '10m', 'max-file': '3' } });
    expect(web.dependsOn).toEqual({ db: { condition: 'service_started', required: true } });

    const db = project.services.db!;
    expect(db.environment).toEqual({ A: '1', B: 'x=y', FROM_ENV: 'fe' });
    expect(db.networks).toEqual(['back', 'other']);
    expect(db.healthcheck).toEqual({
      test: ['CMD', 'pg_isready'],
      intervalMs: 30_000,
      timeoutMs: 30_000,
      retries: 3,
      startPeriodMs: 0,
    });
    expect(db.memLimitBytes).toBe(512 * 1024 ** 2);
    expect(db.restart).toBe('no');
    expect(db.stopGracePeriodMs).toBe(10_000);
    expect(db.labels).toEqual({});
    expect(db.ulimits).toEqual([]);
    expect(db.logging).toBeUndefined();
    expect(db.command).toBeUndefined();

    const worker = project.services.worker!;
    expect(worker.image).toBe('my_apptest-worker');
    expect(worker.build).toEqual({ context: path.join(dir, 'worker'), dockerfile: 'Dockerfile', args: {} });
    expect(worker.command).toEqual(['run', '--fast']);
    expect(worker.networks).toEqual(['default']);
    expect(worker.dependsOn).toEqual({
      db: { condition: 'service_healthy', required: true },
      web: { condition: 'service_started', required: true },
    });
    expect(worker.healthcheck!.test).toEqual(['NONE']);
    expect(worker.restart).toBe('on-failure');
    expect(worker.memLimitBytes).toBe(1_048_576);

    const builder = project.services.builder!;
    expect(builder.image).toBe('my/builder:1');
    expect(builder.build).toEqual({
      context: path.join(dir, 'b'),
      dockerfile: 'Containerfile',
      target: 'prod',
      args: { VERSION: '2', FROM_ENV: 'fe' },
    });
    expect(builder.entrypoint).toEqual([]);
    expect(builder.stopGracePeriodMs).toBe(0);

    expect(project.networks).toEqual({
      front: {
        key: 'front',
        name: 'my_apptest_front',
        driver: 'bridge',
        internal: false,
        external: false,
        labels: {},
      },
      back: {
        key: 'back',
        name: 'my_apptest_back',
        driver: 'overlay',
        internal: true,
        external: false,
        labels: { a: 'b' },
      },
      other: {
        key: 'other',
        name: 'shared-net',
        driver: 'bridge',
        internal: false,
        external: true,
        labels: {},
      },
      default: {
        key: 'default',
        name: 'my_apptest_default',
        driver: 'bridge',
        internal: false,
        external: false,
        labels: {},
      },
    });
    expect(project.volumes).toEqual({
      data: { key: 'data', name: 'my_apptest_data', driver: 'local', external: false, labels: {} },
      'db-data': {
        key: 'db-data',
        name: 'fixed-db-data',
        driver: 'local',
        external: false,
        labels: { k: 'v' },
      },
    });
  });

  it('creates the default network only when a service uses it, and honours a declared one', async () => {
    const { project } = await load('services:\n  a:\n    image: x\n    networks: [n]\nnetworks:\n  n: {}\n');
    expect(Object.keys(project.networks)).toEqual(['n']);
    const declared = await load(
      'services:\n  a:\n    image: x\nnetworks:\n  default:\n    name: my-default\n    driver: bridge\n',
    );
    expect(declared.project.networks.default!.name).toBe('my-default');
    expect(declared.project.services.a!.networks).toEqual(['default']);
  });

  it('fixed subnets (ipam.config) and fixed service addresses (ipv4_address)', async () => {
    const { project } = await load(
      [
        'services:',
        '  proxy:',
        '    image: x',
        '    networks:',
        '      web: {}',
        '      auth: { ipv4_address: 172.30.250.6 }',
        '  app:',
        '    image: x',
        '    networks: [auth]',
        'networks:',
        '  web: {}',
        '  auth:',
        '    ipam:',
        '      config:',
        '        - subnet: 172.30.250.0/29',
        '          ip_range: 172.30.250.0/30',
        '          gateway: 172.30.250.1',
        '',
      ].join('\n'),
    );
    expect(project.services.proxy!.networks).toEqual(['web', 'auth']);
    expect(project.services.proxy!.ipv4Addresses).toEqual({ auth: '172.30.250.6' });
    expect(project.services.app!.ipv4Addresses).toBeUndefined();
    expect(project.networks.auth!.ipam).toEqual({
      config: [{ subnet: '172.30.250.0/29', ipRange: '172.30.250.0/30', gateway: '172.30.250.1' }],
    });
    expect(project.networks.web!.ipam).toBeUndefined();
  });

  it('refuses a fixed address outside the subnet, without one, or not an address', async () => {
    const base = (address: string, ipam: string) =>
      `services:\n  a:\n    image: x\n    networks:\n      n: { ipv4_address: ${address} }\nnetworks:\n  n: ${ipam}\n`;
    const outside = await loadError(base('10.1.0.9', '{ ipam: { config: [ { subnet: 10.1.0.0/29 } ] } }'));
    expect(outside.message).toContain('services.a.networks.n.ipv4_address: 10.1.0.9 is outside the subnet');
    expect(outside.hint).toContain('10.1.0.0/29');
    const none = await loadError(base('10.1.0.2', '{}'));
    expect(none.message).toContain('a fixed address needs a subnet');
    const bad = await loadError(base('10.1.0', '{ ipam: { config: [ { subnet: 10.1.0.0/29 } ] } }'));
    expect(bad.message).toContain('expected an IPv4 address');
    const badSubnet = await loadError(base('10.1.0.2', '{ ipam: { config: [ { subnet: 10.1.0.1/29 } ] } }'));
    expect(badSubnet.message).toContain('host bits zero');
  });

  it('gives services with an empty networks: the default network', async () => {
    const { project } = await load(
      'services:\n  a:\n    image: x\n    networks: []\n  b:\n    image: x\n    networks: {}\n',
    );
    expect(project.services.a!.networks).toEqual(['default']);
    expect(project.services.b!.networks).toEqual(['default']);
    expect(Object.keys(project.networks)).toEqual(['default']);
  });

  it('treats empty (null) lists and mappings as empty', async () => {
    const { project } = await load(
      'services:\n  a:\n    image: x\n    environment:\n      # FOO: bar\n    ports:\n    volumes:\n    labels:\n    depends_on:\n    networks:\nnetworks:\nvolumes:\n',
    );
    expect(project.services.a).toMatchObject({
      environment: {},
      ports: [],
      mounts: [],
      labels: {},
      dependsOn: {},
      networks: ['default'],
    });
  });

  it('uses external volume names as they are', async () => {
    const { project } = await load(
      'services:\n  a:\n    image: x\n    volumes: [v:/v]\nvolumes:\n  v:\n    external: true\n',
    );
    expect(project.volumes.v).toEqual({ key: 'v', name: 'v', driver: 'local', external: true, labels: {} });
  });

  it('interpolates values (not keys) and converts interpolated numbers and booleans', async () => {
    const { project, warnings } = await load(
      `services:
  web:
    image: \${IMAGE:-nginx}:\${TAG}
    environment:
      \${KEY}: value
    healthcheck:
      test: echo $$HOME
      retries: \${RETRIES:-7}
    ports:
      - target: \${TARGET}
        published: \${PUBLISHED}
networks:
  default:
    internal: \${INTERNAL}
`,
      { env: { TARGET: '80', PUBLISHED: '8080', INTERNAL: 'true' } },
    );
    expect(project.services.web!.image).toBe('nginx:');
    expect(project.services.web!.environment).toEqual({ '${KEY}': 'value' });
    expect(project.services.web!.healthcheck!.test).toEqual(['CMD-SHELL', 'echo $HOME']);
    expect(project.services.web!.healthcheck!.retries).toBe(7);
    expect(project.services.web!.ports).toEqual([
      { hostIp: '', hostPort: 8080, containerPort: 80, protocol: 'tcp' },
    ]);
    expect(project.networks.default!.internal).toBe(true);
    expect(warnings).toEqual([
      'compose.yaml: services.web.image: the variable TAG is not set; using an empty string.',
    ]);
  });
});

describe('project names', () => {
  it('normalizes like Compose', () => {
    expect(normalizeProjectName('My Project.v2')).toBe('myprojectv2');
    expect(normalizeProjectName('__status-Desktop')).toBe('status-desktop');
    expect(normalizeProjectName('ÄÖ')).toBe('');
  });

  it('prefers the argument, then name:, then the folder', async () => {
    const file = await composeFile('name: FromFile\nservices:\n  a:\n    image: x\n', 'Folder.Name');
    expect((await loadComposeProject({ file, env: {}, projectName: 'Arg' })).project.name).toBe('arg');
    expect((await loadComposeProject({ file, env: {} })).project.name).toBe('fromfile');
    const noName = await composeFile('services:\n  a:\n    image: x\n', 'Folder.Name2');
    expect((await loadComposeProject({ file: noName, env: {} })).project.name).toBe('foldername2');
  });

  it('rejects a name with no usable characters', async () => {
    const error = await loadError('name: "!!!"\nservices:\n  a:\n    image: x\n');
    expect(error.code).toBe('COMPOSE_INVALID');
    expect(error.message).toBe(
      'compose.yaml: name: "!!!" has no characters usable in a project name (a-z, 0-9, _ and -).',
    );
  });
});

describe('errors', () => {
  it('names a file that does not exist', async () => {
    const file = path.join(root, 'nope', 'compose.yaml');
    await expect(loadComposeProject({ file, env: {} })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('bad YAML: line, column and the parser message', async () => {
    const error = await loadError('services:\n  web:\n    image: nginx\n   ports: ["80:80"]\n');
    expect(error.code).toBe('COMPOSE_INVALID');
    expect(error.message).toMatch(/^compose\.yaml:4:\d+: invalid YAML: /);
    expect(error.hint).toContain('line 4');
    expect(error.details).toMatchObject({ line: 4 });
  });

  it('bad YAML: unclosed quote', async () => {
    const error = await loadError('services:\n  web:\n    image: "nginx\n');
    expect(error.message).toMatch(/^compose\.yaml:\d+:\d+: invalid YAML: Missing closing "quote/);
  });

  it('duplicate keys', async () => {
    const error = await loadError('services:\n  web:\n    image: a\n    image: b\n');
    expect(error.message).toMatch(/^compose\.yaml:4:5: invalid YAML: Map keys must be unique/);
  });

  it('empty file and non-mapping file', async () => {
    expect((await loadError('')).message).toBe('compose.yaml: the file is empty.');
    expect((await loadError('- a\n- b\n')).message).toMatch(/expected a mapping of keys/);
  });

  it('unknown service key, with its path, the closest match and the supported keys', async () => {
    const error = await loadError('services:\n  web:\n    image: nginx\n    restrat: always\n');
    expect(error.code).toBe('COMPOSE_INVALID');
    expect(error.message).toBe(
      `compose.yaml: services.web.restrat: unknown key "restrat" (STATUS Desktop's engine does not support it); did you mean "restart"?`,
    );
    expect(error.hint).toContain('Supported keys under services.web: image, build, command,');
    expect(error.hint).toContain('(line 4)');
    expect(error.hint).not.toContain('container_name');
    expect(error.details.problems).toEqual([
      {
        path: 'services.web.restrat',
        message: expect.stringContaining('unknown key') as unknown,
        hint: expect.stringContaining('Supported keys under services.web') as unknown,
        line: 4,
      },
    ]);
  });

  it('unknown key with no close match, and unsupported Compose keys', async () => {
    const error = await loadError('services:\n  web:\n    image: nginx\n    cap_add: [NET_ADMIN]\n');
    expect(error.message).toBe(
      `compose.yaml: services.web.cap_add: unknown key "cap_add" (STATUS Desktop's engine does not support it)`,
    );
    const topLevel = await loadError('services:\n  web:\n    image: nginx\nsecrets:\n  c: {}\n');
    expect(topLevel.message).toBe(
      `compose.yaml: secrets: unknown key "secrets" (STATUS Desktop's engine does not support it)`,
    );
    expect(topLevel.hint).toContain(
      'Supported keys at the top level: version, name, services, networks, volumes, configs.',
    );
  });

  it('deploy: the Swarm subset, kept out of the service (one machine ignores it), and nothing else', async () => {
    const { project } = await load(`services:
  api:
    image: api
    deploy:
      replicas: '3'
      update_config: { parallelism: 1, delay: 2s, order: start-first, failure_action: rollback, monitor: 10s, max_failure_ratio: 0.2 }
      rollback_config: { order: start-first, failure_action: pause }
  db:
    image: db
    deploy: { placement: { constraints: [node.labels.status.data == true] } }
  plain:
    image: plain
`);
    expect(project.deploy).toEqual({
      api: {
        replicas: 3,
        updateConfig: {
          parallelism: 1,
          delayMs: 2000,
          order: 'start-first',
          failureAction: 'rollback',
          monitorMs: 10_000,
          maxFailureRatio: 0.2,
        },
        rollbackConfig: { order: 'start-first', failureAction: 'pause' },
      },
      db: { placementConstraints: ['node.labels.status.data == true'] },
    });
    expect(project.services.api).not.toHaveProperty('deploy');

    const resources = await loadError('services:\n  web:\n    image: nginx\n    deploy: { resources: {} }\n');
    expect(resources.message).toMatch(/services\.web\.deploy\.resources: unknown key "resources"/);
    expect(resources.hint).toContain(
      'Supported keys under services.web.deploy: replicas, update_config, rollback_config, placement',
    );
    const order = await loadError(
      'services:\n  web:\n    image: nginx\n    deploy: { update_config: { order: sideways } }\n',
    );
    expect(order.message).toMatch(
      /services\.web\.deploy\.update_config\.order: expected one of "stop-first", "start-first", got "sideways"/,
    );
  });

  it('unknown keys in nested mappings', async () => {
    const error = await loadError(`services:
  web:
    image: nginx
    build:
      context: .
      dockerfil: Dockerfile
    healthcheck:
      test: x
      intervall: 5s
    ports:
      - target: 80
        mode: host
    networks:
      n:
        aliases: [a]
networks:
  n:
    driverr: bridge
`);
    expect(error.message).toBe(
      [
        'compose.yaml: 5 problems:',
        `  - services.web.build.dockerfil: unknown key "dockerfil" (STATUS Desktop's engine does not support it); did you mean "dockerfile"?`,
        `  - services.web.healthcheck.intervall: unknown key "intervall" (STATUS Desktop's engine does not support it); did you mean "interval"?`,
        `  - services.web.ports[0].mode: unknown key "mode" (STATUS Desktop's engine does not support it)`,
        `  - services.web.networks.n.aliases: unknown key "aliases" (STATUS Desktop's engine does not support it)`,
        `  - networks.n.driverr: unknown key "driverr" (STATUS Desktop's engine does not support it); did you mean "driver"?`,
      ].join('\n'),
    );
    expect(error.hint).toContain('Fix them in compose.yaml (lines 6, 9, 12, 15, 18)');
    expect(error.hint).toContain('Supported keys under services.web.networks.n: ipv4_address.');
  });

  it('container_name, with why and what to do instead', async () => {
    const error = await loadError('services:\n  web:\n    image: nginx\n    container_name: web\n');
    expect(error.message).toMatch(
      /^compose\.yaml: services\.web\.container_name: container_name is not supported: a fixed container name clashes/,
    );
    expect(error.message).toContain('<project>-<service>-1');
    expect(error.hint).toContain('Remove container_name from services.web.');
  });

  it('wrong types', async () => {
    const error = await loadError(`services:
  web:
    image: [nginx]
    ports: "80:80"
    healthcheck:
      retries: many
      interval: 5
    mem_limit: lots
    restart: sometimes
    depends_on:
      db:
        condition: service_ready
  db:
    image: postgres
    environment: just-a-string
`);
    expect(error.message).toBe(
      [
        'compose.yaml: 8 problems:',
        '  - services.web.image: expected text, got a list',
        '  - services.web.ports: expected a list of port mappings, got "80:80"',
        '  - services.web.healthcheck.retries: expected a whole number, got "many"',
        '  - services.web.healthcheck.interval: 5 has no unit (write e.g. "5s" or "5ms")',
        '  - services.web.mem_limit: "lots" is not a size (write e.g. "512m", "1g" or a number of bytes)',
        '  - services.web.restart: expected one of "no", "always", "on-failure", "unless-stopped", got "sometimes"',
        '  - services.web.depends_on.db.condition: expected one of "service_started", "service_healthy", "service_completed_successfully", got "service_ready"',
        '  - services.db.environment: expected a mapping (KEY: value) or a list of "KEY=value", got "just-a-string"',
      ].join('\n'),
    );
  });

  it('a port mapping that is not one', async () => {
    const error = await loadError('services:\n  grafana:\n    image: g\n    ports:\n      - "abc:80"\n');
    expect(error.message).toBe(
      'compose.yaml: services.grafana.ports[0]: "abc:80" is not a port mapping (expected [ip:]host:container)',
    );
    expect(error.hint).toContain('line 5');
  });

  it.each([
    ['"70000:80"', '"70000:80": host port 70000 is out of range (1-65535)'],
    ['"8080:80/sctp"', '"8080:80/sctp": protocol "sctp" is not supported (use tcp or udp)'],
    ['"::1:8080:80"', 'put an IPv6 address in brackets'],
    ['"999.1.1.1:80:80"', '"999.1.1.1:80:80": "999.1.1.1" is not an IP address'],
    ['"8000-8002:80"', 'the host and container port ranges have different lengths'],
  ])('port %s', async (port, message) => {
    const error = await loadError(`services:\n  web:\n    image: x\n    ports:\n      - ${port}\n`);
    expect(error.message).toContain(`services.web.ports[0]: `);
    expect(error.message).toContain(message);
  });

  it.each([
    ['/data', 'would be an anonymous volume, which is not supported'],
    ['data:relative/path', 'the container path "relative/path" must be absolute'],
    ['data:/x:rx', 'mode "rx" is not supported (use ro or rw)'],
    ['bad name!:/x', 'is neither a volume name'],
  ])('volume %j', async (mount, message) => {
    const error = await loadError(
      `services:\n  web:\n    image: x\n    volumes:\n      - "${mount}"\nvolumes:\n  data: {}\n`,
    );
    expect(error.message).toContain('compose.yaml: services.web.volumes[0]: ');
    expect(error.message).toContain(message);
  });

  it('long volume syntax: unsupported type and missing target', async () => {
    const error = await loadError(`services:
  web:
    image: x
    volumes:
      - type: tmpfs
        target: /tmp
      - type: volume
        source: data
volumes:
  data: {}
`);
    expect(error.message).toContain(
      'services.web.volumes[0].type: expected one of "volume", "bind", got "tmpfs"',
    );
    expect(error.message).toContain('services.web.volumes[1].target: is required but missing');
  });

  it('healthcheck test forms', async () => {
    const error = await loadError(
      'services:\n  web:\n    image: x\n    healthcheck:\n      test: ["RUN", "x"]\n',
    );
    expect(error.message).toBe(
      'compose.yaml: services.web.healthcheck.test: the list must start with "CMD", "CMD-SHELL" or "NONE", not "RUN"',
    );
  });

  it('missing services, no image, empty image', async () => {
    expect((await loadError('volumes: {}\n')).message).toBe(
      'compose.yaml: services: there is no services: section; a Compose file needs at least one service',
    );
    expect((await loadError('services:\n  web:\n    restart: always\n')).message).toBe(
      'compose.yaml: services.web: has neither image: nor build:',
    );
    expect((await loadError('services:\n  web:\n    image: ${IMG}\n')).message).toBe(
      'compose.yaml: services.web.image: is empty',
    );
  });

  it('a missing variable (`:?`) in a small file', async () => {
    const error = await loadError(
      'services:\n  db:\n    image: pg\n    environment:\n      PASSWORD: ${DB_PASSWORD:?generate one in settings}\n',
    );
    expect(error.code).toBe('COMPOSE_VARIABLE');
    expect(error.message).toBe(
      'compose.yaml: services.db.environment.PASSWORD: the required variable DB_PASSWORD is not set (or is empty): generate one in settings',
    );
  });

  it('a dependency on an unknown service', async () => {
    const error = await loadError(
      'services:\n  web:\n    image: x\n    depends_on: [postgress]\n  postgres:\n    image: pg\n',
    );
    expect(error.code).toBe('COMPOSE_INVALID');
    expect(error.message).toBe(
      'compose.yaml: services.web.depends_on.postgress: depends on "postgress", which is not a service in this file; did you mean "postgres"?',
    );
    expect(error.hint).toContain('Services in this file: web, postgres.');
    expect(error.hint).toContain('line 4');
  });

  it('undeclared networks and volumes', async () => {
    const error = await loadError(
      'services:\n  web:\n    image: x\n    networks: [frontend]\n    volumes: [datta:/data]\nnetworks:\n  front: {}\nvolumes:\n  data: {}\n',
    );
    expect(error.message).toBe(
      [
        'compose.yaml: 2 problems:',
        '  - services.web.networks: network "frontend" is not declared under the top-level networks:; did you mean "front"?',
        '  - services.web.volumes[0]: volume "datta" is not declared under the top-level volumes:; did you mean "data"?',
      ].join('\n'),
    );
  });

  it('labels reserved for the engine', async () => {
    const error = await loadError(
      'services:\n  web:\n    image: x\n    labels:\n      com.docker.compose.project: other\nvolumes:\n  v:\n    labels: [org.status.desktop.managed-by=me]\n',
    );
    expect(error.message).toBe(
      [
        'compose.yaml: 2 problems:',
        '  - services.web.labels.com.docker.compose.project: labels starting with "com.docker.compose." are set by STATUS Desktop itself',
        '  - volumes.v.labels.org.status.desktop.managed-by: labels starting with "org.status.desktop." are set by STATUS Desktop itself',
      ].join('\n'),
    );
  });

  it('external networks cannot set a driver', async () => {
    const error = await loadError(
      'services:\n  web:\n    image: x\nnetworks:\n  n:\n    external: true\n    driver: bridge\n',
    );
    expect(error.message).toContain('networks.n: an external network is created outside this project');
  });

  it('a dependency cycle, with its path', async () => {
    const error = await loadError(
      'services:\n  a:\n    image: x\n    depends_on: [b]\n  b:\n    image: x\n    depends_on: [c]\n  c:\n    image: x\n    depends_on: [a]\n  d:\n    image: x\n    depends_on: [a]\n',
    );
    expect(error.code).toBe('DEPENDENCY_CYCLE');
    expect(error.message).toBe(
      'compose.yaml: services depend on each other in a circle, so none of them can start first: a → b → c → a (→ means "depends on").',
    );
    expect(error.hint).toBe(
      'Remove one of these depends_on entries from the Compose file: services.a.depends_on.b, services.b.depends_on.c, services.c.depends_on.a.',
    );
  });

  it('YAML anchors, aliases and merge keys work; x- keys are ignored everywhere they hold Compose keys', async () => {
    const { project } = await load(`x-base: &base
  image: base:1
  environment: &env
    A: "1"
  restart: always
services:
  one:
    <<: *base
    x-whatever: {anything: [1, 2]}
  two:
    <<: *base
    image: other:2
    environment:
      <<: *env
      B: "2"
    healthcheck:
      x-note: tuned
      test: ["CMD", "true"]
`);
    expect(project.services.one).toMatchObject({
      image: 'base:1',
      restart: 'always',
      environment: { A: '1' },
    });
    expect(project.services.two).toMatchObject({
      image: 'other:2',
      restart: 'always',
      environment: { A: '1', B: '2' },
    });
  });

  it('names a missing env_file', async () => {
    const error = await loadError('services:\n  web:\n    image: x\n    env_file: ./missing.env\n');
    expect(error.message).toMatch(
      /^compose\.yaml: services\.web\.env_file\[0\]: the environment file "\.\/missing\.env" does not exist/,
    );
  });

  it('invalid service names', async () => {
    const error = await loadError('services:\n  "web server":\n    image: x\n');
    expect(error.message).toBe(
      'compose.yaml: services["web server"]: "web server" is not a valid service name (use letters, digits, _ . -; start with a letter or digit)',
    );
  });
});

describe('Compose profiles', () => {
  const FILE = [
    'services:',
    '  app:',
    '    image: app:1',
    '    depends_on: { ledger: { condition: service_started, required: false } }',
    '  ledger:',
    '    image: ledger:1',
    '    profiles: [ledger]',
    '    privileged: true',
    '  tools:',
    '    image: tools:1',
    '    profiles: [debug, ledger]',
    '',
  ].join('\n');

  it('leaves a service out unless one of its profiles is enabled (COMPOSE_PROFILES)', async () => {
    const off = await load(FILE);
    expect(Object.keys(off.project.services)).toEqual(['app']);
    expect(off.project.profiles).toEqual([]);
    expect(off.project.inactiveServices).toEqual({ ledger: ['ledger'], tools: ['debug', 'ledger'] });
    // A dependency on it that is not required is dropped, with a warning.
    expect(off.project.services.app!.dependsOn).toEqual({});
    expect(off.warnings).toEqual([
      'compose.yaml: services.app.depends_on: "ledger" is not enabled (profiles: ledger); skipped (required: false).',
    ]);

    const on = await load(FILE, { env: { COMPOSE_PROFILES: ' ledger ,, ' } });
    expect(Object.keys(on.project.services)).toEqual(['app', 'ledger', 'tools']);
    expect(on.project.profiles).toEqual(['ledger']);
    expect(on.project.inactiveServices).toEqual({});
    expect(on.project.services.ledger).toMatchObject({ profiles: ['ledger'], privileged: true });
    expect(on.project.services.app!.dependsOn).toEqual({
      ledger: { condition: 'service_started', required: false },
    });
    expect(on.warnings).toEqual([]);
    // Services without profiles carry neither key (their configuration hash stays what it was).
    expect(on.project.services.app).not.toHaveProperty('profiles');
    expect(on.project.services.app).not.toHaveProperty('privileged');
  });

  it('reads COMPOSE_PROFILES from the env file; the option and `*` win', async () => {
    const envFile = path.join(root, 'profiles.env');
    await writeFile(envFile, 'COMPOSE_PROFILES=debug\n');
    const fromFile = await load(FILE, { envFile });
    expect(Object.keys(fromFile.project.services)).toEqual(['app', 'tools']);
    const all = await load(FILE, { env: { COMPOSE_PROFILES: '*' } });
    expect(Object.keys(all.project.services)).toEqual(['app', 'ledger', 'tools']);
    const given = await load(FILE, { envFile, profiles: ['ledger'] });
    expect(Object.keys(given.project.services)).toEqual(['app', 'ledger', 'tools']);
  });

  it('refuses a required dependency on a service that is turned off, naming the profile', async () => {
    const error = await loadError(
      [
        'services:',
        '  app: { image: app:1, depends_on: [ledger] }',
        '  ledger: { image: ledger:1, profiles: [ledger] }',
        '',
      ].join('\n'),
    );
    expect(error.code).toBe('COMPOSE_INVALID');
    expect(error.message).toContain(
      'services.app.depends_on.ledger: depends on "ledger", which runs only when one of its profiles (ledger) is enabled',
    );
    expect(error.hint).toContain('COMPOSE_PROFILES=ledger');
  });

  it('checks a service that is turned off all the same, and profile names', async () => {
    const error = await loadError(
      [
        'services:',
        '  app: { image: app:1 }',
        '  ledger: { image: ledger:1, profiles: [ledger, "-bad"], networks: [missing] }',
        '',
      ].join('\n'),
    );
    expect(error.message).toContain('"-bad" is not a valid profile name');
  });

  it('the real stack: the ledger is off by default and on with COMPOSE_PROFILES=ledger', async () => {
    const env: Record<string, string> = {};
    for (const v of await listComposeVariables({ file: STACK_FILE })) if (v.required) env[v.name] = 'x';
    const off = await loadComposeProject({ file: STACK_FILE, env, projectName: 'status' });
    expect(off.project.services.ledger).toBeUndefined();
    expect(off.project.inactiveServices).toEqual({ ledger: ['ledger'] });
    expect(off.project.services.nodered!.environment.STATUS_LEDGER_ENDPOINT).toBe('');

    const on = await loadComposeProject({
      file: STACK_FILE,
      env: { ...env, COMPOSE_PROFILES: 'ledger', STATUS_LEDGER_ENDPOINT: 'ledger:80' },
      projectName: 'status',
    });
    const ledger = on.project.services.ledger!;
    expect(ledger.image).toBe('statuscompliance/blockchain:1.0.0');
    expect(ledger.privileged).toBe(true);
    expect(ledger.ports).toEqual([]);
    expect(ledger.networks).toEqual(['nodered']);
    expect(ledger.restart).toBe('unless-stopped');
    expect(on.project.services.nodered!.environment.STATUS_LEDGER_ENDPOINT).toBe('ledger:80');
    expect(planTiers(on.project).flat()).toContain('ledger');
  });

  it('the real stack: nodered is built from stack/node-red on the pinned Node-RED image', async () => {
    const env: Record<string, string> = {};
    for (const v of await listComposeVariables({ file: STACK_FILE })) if (v.required) env[v.name] = 'x';
    const { project } = await loadComposeProject({ file: STACK_FILE, env, projectName: 'status' });
    const nodered = project.services.nodered!;
    expect(nodered.image).toBe('status-nodered:0.1.0');
    expect(nodered.build).toEqual({
      context: path.join(path.dirname(STACK_FILE), 'node-red'),
      dockerfile: 'Dockerfile',
      args: { NODE_RED_IMAGE: 'nodered/node-red:4.0.9-22' },
    });
    expect(nodered.mounts).toEqual([
      { type: 'volume', source: 'nodered-data', target: '/data', readOnly: false },
    ]);
    expect(nodered.environment.STATUS_BACKEND_URL).toBe('http://status-backend:3001/api/v1');
    const overridden = await loadComposeProject({
      file: STACK_FILE,
      env: { ...env, STATUS_NODERED_IMAGE: 'mirror/nodered:2', STATUS_NODERED_BASE_IMAGE: 'base/nr:4' },
    });
    expect(overridden.project.services.nodered!.image).toBe('mirror/nodered:2');
    expect(overridden.project.services.nodered!.build!.args).toEqual({ NODE_RED_IMAGE: 'base/nr:4' });
  });
});

describe('configs', () => {
  async function withFiles(text: string): Promise<string> {
    const file = await composeFile(text);
    await writeFile(path.join(path.dirname(file), 'site.conf'), 'listen 80;\n');
    await writeFile(path.join(path.dirname(file), 'init.sh'), 'echo init\n');
    return file;
  }

  it('reads short and long syntax: default target /<name>, 0444 and root unless set, YAML 1.1 octal', async () => {
    const file = await withFiles(`services:
  web:
    image: nginx
    configs:
      - site
      - source: init
        target: docker-entrypoint.d/init.sh
        mode: 0555
        uid: "101"
        gid: 101
configs:
  site: { file: ./site.conf }
  init:
    file: init.sh
`);
    const { project } = await loadComposeProject({ file, env: {} });
    expect(project.services.web!.configs).toEqual([
      { source: 'site', target: '/site', uid: 0, gid: 0, mode: 0o444 },
      { source: 'init', target: '/docker-entrypoint.d/init.sh', uid: 101, gid: 101, mode: 0o555 },
    ]);
    expect(project.configs).toEqual({
      site: { key: 'site', file: path.join(path.dirname(file), 'site.conf') },
      init: { key: 'init', file: path.join(path.dirname(file), 'init.sh') },
    });
    expect(project.services.web!.mounts).toEqual([]);
  });

  it('leaves services without configs (and projects without any) as they were', async () => {
    const { project } = await load('services:\n  web:\n    image: nginx\n');
    expect('configs' in project.services.web!).toBe(false);
    expect('configs' in project).toBe(false);
  });

  /** The problems the loader reports for `text` (written next to site.conf and init.sh). */
  async function problems(text: string): Promise<string[]> {
    const file = await withFiles(text);
    const error = await loadComposeProject({ file, env: {}, displayPath: 'compose.yaml' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StatusError);
    expect((error as StatusError).code).toBe('COMPOSE_INVALID');
    return ((error as StatusError).details.problems as Array<{ path: string; message: string }>).map(
      (p) => `${p.path}: ${p.message}`,
    );
  }

  it('names a mode or an owner it cannot apply', async () => {
    const found = await problems(`services:
  web:
    image: nginx
    configs:
      - { source: site, target: /etc/a, mode: rwx }
      - { source: site, target: /etc/b, uid: root }
configs:
  site: { file: ./site.conf }
`);
    expect(found).toEqual([
      'services.web.configs[0].mode: expected file permissions such as 0444 (octal), got "rwx"',
      'services.web.configs[1].uid: expected a numeric id such as "0", got "root"',
    ]);
  });

  it('names an undeclared config, a missing file, a file-less config and a shared target', async () => {
    const found = await problems(`services:
  web:
    image: nginx
    configs:
      - sites
      - { source: gone, target: /etc/c }
      - { source: empty, target: /etc/c }
configs:
  site: { file: ./site.conf }
  gone: { file: ./gone.conf }
  empty:
`);
    expect(found).toEqual(
      expect.arrayContaining([
        'services.web.configs[0]: config "sites" is not declared under the top-level configs:; did you mean "site"?',
        'services.web.configs[2]: two configs have the same target /etc/c',
        'configs.empty: has no file:',
        expect.stringMatching(
          /^configs\.gone\.file: "\.\/gone\.conf" is not a file \(looked for .*gone\.conf\)$/,
        ),
      ]),
    );
    expect(found).toHaveLength(4);
  });
});
