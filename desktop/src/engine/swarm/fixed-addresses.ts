// Fixed addresses on a Swarm. A Compose file may trust one service by its fixed address: Grafana's
// auth-proxy whitelist (GF_AUTH_PROXY_WHITELIST) names the reverse proxy's address on the network
// grafana-auth. A Swarm task gets no fixed address (any one of its overlay's subnet), so such a
// variable names the whole subnet instead. That trusts every member of the network, so the network
// must carry only the service with the address and the one trusting it: anything else is refused.
import type { ComposeProject, ServiceSpec } from '../compose/types.js';
import { StatusError } from '../errors.js';

interface FixedAddress {
  /** The service the address belongs to. */
  owner: string;
  network: string;
  address: string;
}

/** The project with each variable naming a fixed address of another service widened to that address's subnet. */
export function widenFixedAddresses(project: ComposeProject): { project: ComposeProject; notes: string[] } {
  const fixed = Object.values(project.services).flatMap((s) =>
    Object.entries(s.ipv4Addresses ?? {}).map(([network, address]): FixedAddress => ({
      owner: s.name,
      network,
      address,
    })),
  );
  if (!fixed.length) return { project, notes: [] };
  const notes: string[] = [];
  const services: Record<string, ServiceSpec> = {};
  for (const service of Object.values(project.services)) {
    let environment = service.environment;
    for (const [variable, value] of Object.entries(service.environment)) {
      const items = value.split(',').map((item) => item.trim());
      const named = fixed.filter((f) => f.owner !== service.name && items.includes(f.address));
      if (!named.length) continue;
      const subnets = new Map(named.map((f) => [f.address, subnetFor(project, f, service.name, variable)]));
      const widened = items.map((item) => subnets.get(item) ?? item);
      environment = { ...environment, [variable]: widened.join(', ') };
      for (const f of named)
        notes.push(
          `${service.name}: ${variable} names the network ${f.network} (${subnets.get(f.address)}) instead of ${f.owner}'s fixed address ${f.address}; only ${f.owner} and ${service.name} are on it.`,
        );
    }
    services[service.name] = environment === service.environment ? service : { ...service, environment };
  }
  return { project: { ...project, services }, notes };
}

function subnetFor(project: ComposeProject, f: FixedAddress, truster: string, variable: string): string {
  const others = Object.values(project.services)
    .filter((s) => s.networks.includes(f.network) && s.name !== f.owner && s.name !== truster)
    .map((s) => s.name);
  if (others.length)
    throw new StatusError(
      'COMPOSE_INVALID',
      `On a Swarm, ${truster}'s ${variable} can only trust the whole network ${f.network} (a task has no fixed address), and ${others.join(', ')} ${others.length > 1 ? 'are' : 'is'} on it too.`,
      `Take ${others.join(', ')} off the network ${f.network} in the Compose file: only ${f.owner} and ${truster} may be on it.`,
      { service: truster, network: f.network, others },
    );
  const subnet = project.networks[f.network]?.ipam?.config[0]?.subnet;
  if (!subnet)
    throw new StatusError(
      'COMPOSE_INVALID',
      `${truster}'s ${variable} names ${f.owner}'s fixed address ${f.address}, but the network ${f.network} has no subnet of its own to trust instead on a Swarm.`,
      `Give the network ${f.network} a subnet in the Compose file (ipam: { config: [ { subnet: … } ] }).`,
      { service: truster, network: f.network },
    );
  return subnet;
}
