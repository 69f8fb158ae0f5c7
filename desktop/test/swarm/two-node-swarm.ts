// A Swarm of two machines on this one: two engines, each in a network namespace of its own (its
// own interfaces, ports and firewall, as another computer would have), joined by a bridge this
// fixture creates (10.130.x.0/24, the host at .1, the manager at .2, the worker at .3). Overlay
// traffic between the nodes really crosses that link (VXLAN), as between two servers.
// Nothing of the machine's own engine is touched; remove() deletes every link, namespace and rule.
import { randomBytes } from 'node:crypto';
import type Docker from 'dockerode';
import { startSecondDockerd, type SecondDockerd } from '../engine/second-dockerd.js';
import { TestLink } from '../engine/test-link.js';

export interface SwarmNode {
  engine: SecondDockerd;
  /** Its address on the test's link: where its host-mode ports are published. */
  address: string;
  /** Its Swarm node ID. */
  id: string;
}

export interface TwoNodeSwarm {
  manager: SwarmNode;
  worker: SwarmNode;
  /** Sets `key=value` on a node's labels (as `docker node update --label-add`). */
  label(node: SwarmNode, key: string, value: string): Promise<void>;
  remove(): Promise<void>;
}

/** Polls `probe` until it holds; fails after `ms`, naming `what`. */
async function until(what: string, probe: () => Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${ms / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function nodeId(docker: Docker): Promise<string> {
  const info = (await docker.info()) as { Swarm: { NodeID: string } };
  return info.Swarm.NodeID;
}

/**
 * Two engines (the given images copied into each: there is no registry), a Swarm initialised on
 * the first and joined by the second as a worker, both nodes ready.
 */
export async function startTwoNodeSwarm(images: string[]): Promise<TwoNodeSwarm> {
  const link = new TestLink(`stsw${randomBytes(2).toString('hex')}`, 130);
  const engines: SecondDockerd[] = [];
  const remove = async () => {
    for (const engine of engines.reverse()) await engine.remove();
    await link.remove();
  };
  try {
    await link.create();
    const start = async (host: number): Promise<SwarmNode> => {
      const engine = await startSecondDockerd({ netns: await link.machine(host), images });
      engines.push(engine);
      return { engine, address: `${link.subnet}.${host}`, id: '' };
    };
    const manager = await start(2);
    const worker = await start(3);
    await manager.engine.docker.swarmInit({
      ListenAddr: `${manager.address}:2377`,
      AdvertiseAddr: manager.address,
      DefaultAddrPool: ['10.120.0.0/16'],
      SubnetSize: 24,
    });
    const swarm = (await manager.engine.docker.swarmInspect()) as { JoinTokens: { Worker: string } };
    await worker.engine.docker.swarmJoin({
      ListenAddr: `${worker.address}:2377`,
      AdvertiseAddr: worker.address,
      RemoteAddrs: [`${manager.address}:2377`],
      JoinToken: swarm.JoinTokens.Worker,
    });
    manager.id = await nodeId(manager.engine.docker);
    worker.id = await nodeId(worker.engine.docker);
    await until(
      'both Swarm nodes to be ready',
      async () => {
        const nodes = await manager.engine.docker.listNodes();
        return nodes.filter((n) => n.Status?.State === 'ready').length === 2;
      },
      60_000,
    );
    const label = async (node: SwarmNode, key: string, value: string) => {
      const handle = manager.engine.docker.getNode(node.id);
      const current = (await handle.inspect()) as {
        Version: { Index: number };
        Spec: { Labels?: Record<string, string> };
      };
      const spec = { ...current.Spec, Labels: { ...current.Spec.Labels, [key]: value } };
      await handle.update({ version: current.Version.Index, ...spec });
    };
    return { manager, worker, label, remove };
  } catch (error) {
    await remove();
    throw error;
  }
}
