// The container-create body's networking: aliases, and a fixed address where the file sets one.
import { describe, expect, it } from 'vitest';
import type { ComposeProject, ServiceSpec } from '../compose/types.js';
import { containerCreateOptions, endpointConfig, extraNetworkEntries } from './container-spec.js';

const service: ServiceSpec = {
  name: 'proxy',
  image: 'nginx',
  environment: {},
  ports: [],
  mounts: [],
  networks: ['auth', 'web'],
  ipv4Addresses: { auth: '10.213.97.14' },
  dependsOn: {},
  restart: 'no',
  labels: {},
  stopGracePeriodMs: 10_000,
  ulimits: [],
};
const network = (key: string) => ({
  key,
  name: `p_${key}`,
  driver: 'bridge',
  internal: false,
  external: false,
  labels: {},
});
const project: ComposeProject = {
  name: 'p',
  workingDir: '/tmp',
  configFiles: ['/tmp/compose.yaml'],
  services: { proxy: service },
  networks: { auth: network('auth'), web: network('web') },
  volumes: {},
};

describe('container networking', () => {
  it('gives the fixed address on the network it belongs to, the alias on every one', () => {
    expect(endpointConfig(service, 'auth')).toEqual({
      Aliases: ['proxy'],
      IPAMConfig: { IPv4Address: '10.213.97.14' },
    });
    expect(endpointConfig(service, 'web')).toEqual({ Aliases: ['proxy'] });
  });

  it('puts it in the create body for the first network and in the connect body for the others', () => {
    const body = containerCreateOptions(project, service, 'hash');
    expect(body.NetworkingConfig).toEqual({
      EndpointsConfig: { p_auth: { Aliases: ['proxy'], IPAMConfig: { IPv4Address: '10.213.97.14' } } },
    });
    expect(extraNetworkEntries(project, service)).toEqual([{ key: 'web', name: 'p_web' }]);
    const moved = { ...service, networks: ['web', 'auth'] };
    expect(containerCreateOptions(project, moved, 'hash').NetworkingConfig).toEqual({
      EndpointsConfig: { p_web: { Aliases: ['proxy'] } },
    });
    expect(extraNetworkEntries(project, moved)).toEqual([{ key: 'auth', name: 'p_auth' }]);
  });
});
