// Host port preflight against the real engine: real containers publishing ports, real servers on
// this machine holding them.
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import Docker from 'dockerode';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureTestImages, testImageTag } from '../../test/images/build-images.js';
import type { ComposeProject, PortMapping, ServiceSpec } from './compose/types.js';
import { isStatusError } from './errors.js';
import { LABEL } from './labels.js';
import { addressesOverlap, checkPorts, portConflictError, type PortConflict } from './preflight.js';

const docker = new Docker({ socketPath: '/var/run/docker.sock' });
const IMAGE = testImageTag('base');
const RUN = randomBytes(3).toString('hex');
const PROJECT = `st-preflight-${RUN}`;

function service(name: string, ports: Array<Partial<PortMapping> & { hostPort: number }>): ServiceSpec {
  return {
    name,
    image: IMAGE,
    environment: {},
    ports: ports.map((p) => ({ hostIp: '127.0.0.1', containerPort: p.hostPort, protocol: 'tcp', ...p })),
    mounts: [],
    networks: [],
    dependsOn: {},
    restart: 'no',
    labels: {},
    stopGracePeriodMs: 10_000,
    ulimits: [],
  };
}

function project(services: ServiceSpec[], name = PROJECT): ComposeProject {
  return {
    name,
    workingDir: '/tmp',
    configFiles: ['/tmp/compose.yaml'],
    services: Object.fromEntries(services.map((s) => [s.name, s])),
    networks: {},
    volumes: {},
  };
}

async function freePort(host = '127.0.0.1'): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const servers: net.Server[] = [];
async function holdPort(host: string): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  servers.push(server);
  return (server.address() as net.AddressInfo).port;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

const containers: Docker.Container[] = [];
async function runPublishing(
  name: string,
  hostPort: number,
  labels: Record<string, string>,
  hostIp = '127.0.0.1',
): Promise<string> {
  const fullName = `st-preflight-${RUN}-${name}`;
  const container = await docker.createContainer({
    name: fullName,
    Image: IMAGE,
    Cmd: ['sleep', 'infinity'],
    Labels: labels,
    ExposedPorts: { '8080/tcp': {} },
    HostConfig: {
      PortBindings: { '8080/tcp': [{ HostIp: hostIp, HostPort: String(hostPort) }] },
      Init: true,
    },
  });
  containers.push(container);
  await container.start();
  return fullName;
}

beforeAll(async () => {
  await ensureTestImages();
}, 30 * 60_000);

afterAll(async () => {
  await Promise.all(containers.map((c) => c.remove({ force: true }).catch(() => undefined)));
});

describe('checkPorts: other programs on this machine', () => {
  it('all free → no conflicts', async () => {
    const port = await freePort();
    expect(await checkPorts(docker, project([service('postgres', [{ hostPort: port }])]))).toEqual([]);
  });

  it('a port held by a plain node server → that process named (pid and command), and the setting', async () => {
    const port = await holdPort('127.0.0.1');
    const conflicts = await checkPorts(
      docker,
      project([service('postgres', [{ hostPort: port, containerPort: 5432 }])]),
      { platform: 'linux' },
    );
    expect(conflicts).toHaveLength(1);
    const [conflict] = conflicts as [PortConflict];
    const command = (await readFile(`/proc/${process.pid}/comm`, 'utf8')).trim();
    expect(conflict).toMatchObject({
      service: 'postgres',
      hostIp: '127.0.0.1',
      hostPort: port,
      containerPort: 5432,
      heldBy: { kind: 'process', pid: process.pid, command },
      setting: 'STATUS_POSTGRES_PORT',
    });
    expect(conflict.message).toContain(`Host port ${port} on 127.0.0.1`);
    expect(conflict.message).toContain(`in use by ${command} (process ${process.pid}) on this machine`);
    expect(conflict.hint).toContain(`Stop ${command} (process ${process.pid})`);
    expect(conflict.hint).toContain('Settings → Ports (STATUS_POSTGRES_PORT)');
  });

  it('where the process cannot be named: another program, and the find command of the platform', async () => {
    const port = await holdPort('127.0.0.1');
    const mac = await checkPorts(docker, project([service('grafana', [{ hostPort: port }])]), {
      platform: 'darwin',
    });
    expect(mac[0]?.heldBy).toEqual({ kind: 'unknown' });
    expect(mac[0]?.message).toContain('another program on this machine');
    expect(mac[0]?.hint).toContain(`lsof -nP -i TCP:${port}`);
    const win = await checkPorts(docker, project([service('grafana', [{ hostPort: port }])]), {
      platform: 'win32',
    });
    expect(win[0]?.hint).toContain(`netstat -ano | findstr :${port}`);
  });

  it('all interfaces ("" / 0.0.0.0) collide with a program on 127.0.0.1, and the reverse', async () => {
    const loopback = await holdPort('127.0.0.1');
    expect(
      await checkPorts(docker, project([service('reverse-proxy', [{ hostPort: loopback, hostIp: '' }])])),
    ).toMatchObject([{ heldBy: { kind: 'process', pid: process.pid }, setting: 'STATUS_HTTP_PORT' }]);
    const everywhere = await holdPort('0.0.0.0');
    expect(
      await checkPorts(
        docker,
        project([service('reverse-proxy', [{ hostPort: everywhere, hostIp: '127.0.0.1' }])]),
      ),
    ).toHaveLength(1);
  });

  it('an address this machine does not have is named', async () => {
    const conflicts = await checkPorts(
      docker,
      project([service('grafana', [{ hostPort: await freePort(), hostIp: '203.0.113.7' }])]),
    );
    expect(conflicts).toMatchObject([{ heldBy: { kind: 'unknown' } }]);
    expect(conflicts[0]?.message).toContain('203.0.113.7, which is not an address of this machine');
  });

  it('UDP ports are checked with UDP', async () => {
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    const port = socket.address().port;
    try {
      const conflicts = await checkPorts(
        docker,
        project([service('director', [{ hostPort: port, protocol: 'udp' }])]),
        { platform: 'linux' },
      );
      expect(conflicts).toMatchObject([{ protocol: 'udp', heldBy: { kind: 'process', pid: process.pid } }]);
      // The same number over TCP is free.
      expect(await checkPorts(docker, project([service('director', [{ hostPort: port }])]))).toEqual([]);
    } finally {
      socket.close();
    }
  });

  it('bindCheck: false (a remote engine) only asks the engine', async () => {
    const port = await holdPort('127.0.0.1');
    expect(
      await checkPorts(docker, project([service('postgres', [{ hostPort: port }])]), { bindCheck: false }),
    ).toEqual([]);
  });

  it('only the selected services are checked; unknown names are an error', async () => {
    const port = await holdPort('127.0.0.1');
    const p = project([
      service('postgres', [{ hostPort: port }]),
      service('grafana', [{ hostPort: await freePort() }]),
    ]);
    expect(await checkPorts(docker, p, { services: ['grafana'] })).toEqual([]);
    expect(await checkPorts(docker, p, { services: ['postgres'] })).toHaveLength(1);
    const error = await checkPorts(docker, p, { services: ['nope'] }).catch((e: unknown) => e);
    expect(isStatusError(error, 'NOT_FOUND')).toBe(true);
  });

  it('a setting name given by the caller wins; a service without one points at the compose file', async () => {
    const port = await holdPort('127.0.0.1');
    const custom = await checkPorts(docker, project([service('postgres', [{ hostPort: port }])]), {
      portSettingNames: { postgres: 'MY_PG_PORT' },
    });
    expect(custom[0]?.hint).toContain('MY_PG_PORT');
    const other = await checkPorts(docker, project([service('extra', [{ hostPort: port }])]));
    expect(other[0]?.setting).toBeUndefined();
    expect(other[0]?.hint).toContain('change the published port of extra in /tmp/compose.yaml');
  });
});

describe('checkPorts: containers', () => {
  let otherPort: number;
  let ownPort: number;
  let otherName: string;
  let ownName: string;
  beforeAll(async () => {
    otherPort = await freePort();
    ownPort = await freePort();
    otherName = await runPublishing('other', otherPort, {
      [LABEL.project]: `st-preflight-${RUN}-other`,
      [LABEL.service]: 'web',
    });
    ownName = await runPublishing('own', ownPort, { [LABEL.project]: PROJECT, [LABEL.service]: 'grafana' });
  }, 120_000);

  it("a port published by another project's container → its name, project and service, and how to stop it", async () => {
    const conflicts = await checkPorts(
      docker,
      project([service('grafana', [{ hostPort: otherPort, containerPort: 3000 }])]),
    );
    expect(conflicts).toHaveLength(1);
    const [conflict] = conflicts as [PortConflict];
    expect(conflict.heldBy).toMatchObject({
      kind: 'container',
      containerName: otherName,
      project: `st-preflight-${RUN}-other`,
      service: 'web',
    });
    expect(conflict.message).toContain(otherName);
    expect(conflict.message).toContain(`Compose project "st-preflight-${RUN}-other", service "web"`);
    expect(conflict.hint).toContain(`docker stop ${otherName}`);
    expect(conflict.hint).toContain('Settings → Ports (STATUS_GRAFANA_PORT)');
  });

  it('a container publishing on 127.0.0.1 collides with a service publishing on all interfaces', async () => {
    const conflicts = await checkPorts(
      docker,
      project([service('grafana', [{ hostPort: otherPort, hostIp: '' }])]),
    );
    expect(conflicts[0]?.heldBy).toMatchObject({ kind: 'container', containerName: otherName });
  });

  it('our own running container for the same service is not a conflict', async () => {
    expect(await checkPorts(docker, project([service('grafana', [{ hostPort: ownPort }])]))).toEqual([]);
  });

  it("our own container of another service is, and says it is this stack's", async () => {
    const conflicts = await checkPorts(docker, project([service('director', [{ hostPort: ownPort }])]));
    expect(conflicts).toMatchObject([
      {
        service: 'director',
        heldBy: { kind: 'container', containerName: ownName, project: PROJECT, service: 'grafana' },
      },
    ]);
    expect(conflicts[0]?.message).toContain("this stack's own grafana service");
    expect(conflicts[0]?.hint).toContain('STATUS_DIRECTOR_PORT');
  });
});

describe('checkPorts: inside the project', () => {
  it('two services publishing the same host port', async () => {
    const port = await freePort();
    const conflicts = await checkPorts(
      docker,
      project([
        service('grafana', [{ hostPort: port }]),
        service('director', [{ hostPort: port, hostIp: '' }]),
      ]),
    );
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({
      service: 'director',
      heldBy: { kind: 'service', service: 'grafana' },
    });
    expect(conflicts[0]?.message).toContain('grafana and director both publish');
    expect(conflicts[0]?.hint).toContain('STATUS_DIRECTOR_PORT');
  });

  it('different addresses, or different protocols, do not collide', async () => {
    const port = await freePort();
    expect(
      await checkPorts(
        docker,
        project([
          service('grafana', [{ hostPort: port }]),
          service('director', [{ hostPort: port, protocol: 'udp' }]),
        ]),
      ),
    ).toEqual([]);
  });
});

describe('portConflictError', () => {
  const conflict = (service: string, hostPort: number): PortConflict => ({
    service,
    hostIp: '127.0.0.1',
    hostPort,
    containerPort: hostPort,
    protocol: 'tcp',
    heldBy: { kind: 'unknown' },
    message: `Host port ${hostPort} for ${service} is taken.`,
    hint: `Change it (${service}).`,
  });

  it('one conflict: its own message and hint', () => {
    const error = portConflictError([conflict('postgres', 5432)]);
    expect(error.code).toBe('PORT_IN_USE');
    expect(error.message).toBe('Host port 5432 for postgres is taken.');
    expect(error.hint).toBe('Change it (postgres).');
    expect(error.details.conflicts).toHaveLength(1);
  });

  it('several: all of them listed, every remedy given', () => {
    const error = portConflictError([conflict('postgres', 5432), conflict('grafana', 3100)]);
    expect(error.message).toContain('2 host ports STATUS needs are already taken');
    expect(error.message).toContain('5432 for postgres');
    expect(error.message).toContain('3100 for grafana');
    expect(error.hint).toContain('postgres (port 5432): Change it (postgres).');
    expect(error.hint).toContain('grafana (port 3100): Change it (grafana).');
    expect(error.toDisplayString()).toContain('→');
  });
});

describe('addressesOverlap', () => {
  it.each([
    ['', '127.0.0.1', true],
    ['0.0.0.0', '127.0.0.1', true],
    ['127.0.0.1', '127.0.0.1', true],
    ['127.0.0.1', '10.0.0.1', false],
    ['::', '127.0.0.1', false],
    ['::', '::1', true],
    ['0.0.0.0', '::', false],
  ])('%j vs %j → %s', (a, b, expected) => {
    expect(addressesOverlap(a, b)).toBe(expected);
  });
});
