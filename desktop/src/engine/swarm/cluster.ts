// The Swarm the deployment goes to: this engine must be one of its managers, and one node carries
// the data services (their volumes are on its disk).
import type Docker from 'dockerode';
import { StatusError } from '../errors.js';
import { DATA_NODE_LABEL } from './roles.js';

export interface SwarmInfo {
  /** Swarm mode is active on this engine. */
  active: boolean;
  /** …and it is a manager (it can create and list services). */
  manager: boolean;
}

export async function swarmInfo(docker: Docker): Promise<SwarmInfo> {
  const info = (await docker.info()) as { Swarm?: { LocalNodeState?: string; ControlAvailable?: boolean } };
  const active = info.Swarm?.LocalNodeState === 'active';
  return { active, manager: active && info.Swarm?.ControlAvailable === true };
}

export async function assertManager(docker: Docker): Promise<void> {
  const { active, manager } = await swarmInfo(docker);
  if (manager) return;
  throw new StatusError(
    'ENGINE_UNREACHABLE',
    active
      ? 'This engine is a Swarm worker: services can only be deployed through a manager.'
      : 'This engine is not part of a Swarm.',
    active
      ? 'Point DOCKER_HOST at a manager node (`docker node ls` on a manager lists them).'
      : 'Create one with `docker swarm init --advertise-addr <this machine’s address>` (or join one), then deploy again.',
  );
}

interface NodeInfo {
  ID: string;
  Version: { Index: number };
  Spec: { Labels?: Record<string, string>; Role?: string; Availability?: string };
  Description?: { Hostname?: string };
}

/**
 * The node the data services run on. On a one-node Swarm that node is labelled here (and
 * `labelled` says so); with more nodes the operator chooses, and is told how.
 */
export async function ensureDataNode(docker: Docker): Promise<{ hostname: string; labelled: boolean }> {
  const nodes = (await docker.listNodes()) as NodeInfo[];
  const data = nodes.filter((n) => n.Spec.Labels?.[DATA_NODE_LABEL] === 'true');
  const name = (n: NodeInfo) => n.Description?.Hostname ?? n.ID;
  if (data.length === 1) return { hostname: name(data[0]!), labelled: false };
  if (data.length > 1)
    throw new StatusError(
      'SETTINGS_INVALID',
      `${data.length} nodes carry the label ${DATA_NODE_LABEL}=true (${data.map(name).join(', ')}); the data services need exactly one (their volumes are on its disk).`,
      `Remove it from the others: docker node update --label-rm ${DATA_NODE_LABEL} <node>.`,
    );
  if (nodes.length !== 1)
    throw new StatusError(
      'SETTINGS_INVALID',
      `No node of this Swarm carries the label ${DATA_NODE_LABEL}=true: the data services would not know where their volumes are.`,
      `Choose the node with the disk for the data and label it: docker node update --label-add ${DATA_NODE_LABEL}=true <node> (\`docker node ls\` lists them).`,
    );
  const only = nodes[0]!;
  await docker.getNode(only.ID).update({
    _query: { version: only.Version.Index },
    _body: { ...only.Spec, Labels: { ...only.Spec.Labels, [DATA_NODE_LABEL]: 'true' } },
  });
  return { hostname: name(only), labelled: true };
}
