// A small STATUS-shaped project for the Swarm tests, on the local test images: the reverse proxy
// (nginx, its configuration a read-only bind that the deployment carries as a Swarm config), the
// backend and frontend (HTTP stand-ins answering with their container's hostname), and Dragonfly
// (Redis, a named volume, its password a secret its health check needs).
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ComposeProject, DeploySpec, HealthCheck, ServiceSpec } from '../../src/engine/compose/types.js';

export const REDIS_PASSWORD = 'swarm-test-redis-password-0123456789';
export const JWT_SECRET = 'swarm-test-jwt-secret-0123456789abcdef';

// Resolved per request through Swarm's DNS (one address per backend task); a task that went away
// is skipped for the next address within a second.
const PROXY_CONF = `
server {
  listen 80 default_server;
  resolver 127.0.0.11 valid=1s ipv6=off;
  proxy_connect_timeout 1s;
  proxy_next_upstream error timeout http_502 http_503;
  set $backend http://status-backend:3001;
  set $frontend http://status-frontend:80;
  location = /healthz { default_type text/plain; return 200 'ok'; }
  location /backend/ { proxy_pass $backend; }
  location / { proxy_pass $frontend; }
}
`;

const fast = (test: string[]): HealthCheck => ({
  test,
  intervalMs: 1000,
  timeoutMs: 5000,
  retries: 3,
  startPeriodMs: 0,
});

function service(name: string, over: Partial<ServiceSpec>): ServiceSpec {
  return {
    name,
    image: 'status-test/standin:1',
    environment: {},
    ports: [],
    mounts: [],
    networks: ['web'],
    dependsOn: {},
    restart: 'unless-stopped',
    labels: {},
    stopGracePeriodMs: 10_000,
    ulimits: [],
    ...over,
  };
}

// No replicas, as in stack/compose.yaml: the Swarm planner's default (2) applies.
const statelessDeploy: DeploySpec = {
  updateConfig: { parallelism: 1, order: 'start-first', failureAction: 'rollback', monitorMs: 10_000 },
  rollbackConfig: { parallelism: 1, order: 'start-first', failureAction: 'pause' },
};

// wget, not `node -e fetch(…)`: starting Node.js takes seconds on a busy machine.
export const backendHealth = fast(['CMD', 'wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:3001/']);

export async function swarmTestProject(name: string, proxyPort: number): Promise<ComposeProject> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'st-swarm-project-'));
  const proxyConf = path.join(dir, 'default.conf');
  await writeFile(proxyConf, PROXY_CONF);
  return {
    name,
    workingDir: dir,
    configFiles: [],
    services: {
      dragonfly: service('dragonfly', {
        image: 'status-test/redis:1',
        environment: { DFLY_requirepass: REDIS_PASSWORD, DFLY_dir: '/data' },
        mounts: [{ type: 'volume', source: 'dragonfly-data', target: '/data', readOnly: false }],
        ports: [{ hostIp: '127.0.0.1', hostPort: 6379, containerPort: 6379, protocol: 'tcp' }],
        networks: ['db'],
        healthcheck: fast([
          'CMD-SHELL',
          'redis-cli -a "$DFLY_requirepass" --no-auth-warning ping | grep -q PONG',
        ]),
      }),
      'status-backend': service('status-backend', {
        environment: { STANDIN_PORTS: '3001', JWT_SECRET, DRAGONFLY_HOST: 'dragonfly' },
        networks: ['web', 'db'],
        healthcheck: backendHealth,
      }),
      'status-frontend': service('status-frontend', {
        environment: { STANDIN_PORTS: '80' },
        healthcheck: fast(['CMD', 'wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:80/']),
      }),
      'reverse-proxy': service('reverse-proxy', {
        image: 'status-test/nginx:1',
        mounts: [
          { type: 'bind', source: proxyConf, target: '/etc/nginx/conf.d/default.conf', readOnly: true },
        ],
        ports: [{ hostIp: '127.0.0.1', hostPort: proxyPort, containerPort: 80, protocol: 'tcp' }],
        healthcheck: fast(['CMD-SHELL', 'wget -q -O /dev/null http://127.0.0.1/healthz']),
        stopSignal: 'SIGQUIT',
      }),
    },
    networks: {
      web: {
        key: 'web',
        name: `${name}_web`,
        driver: 'bridge',
        internal: false,
        external: false,
        labels: {},
      },
      db: { key: 'db', name: `${name}_db`, driver: 'bridge', internal: false, external: false, labels: {} },
    },
    // As stack/compose.yaml has it: the stateless services replaced one by one, rolled back.
    deploy: Object.fromEntries(
      ['status-backend', 'status-frontend', 'reverse-proxy'].map((s) => [s, statelessDeploy]),
    ),
    volumes: {
      'dragonfly-data': {
        key: 'dragonfly-data',
        name: `${name}_dragonfly-data`,
        driver: 'local',
        external: false,
        labels: {},
      },
    },
  };
}

/** The same project with the backend changed. */
export function withBackend(project: ComposeProject, change: Partial<ServiceSpec>): ComposeProject {
  const backend = project.services['status-backend']!;
  return { ...project, services: { ...project.services, 'status-backend': { ...backend, ...change } } };
}
