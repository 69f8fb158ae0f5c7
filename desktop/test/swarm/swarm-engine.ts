// A one-node Swarm for the tests, on a second engine: the machine's own engine (every other test's)
// never enters swarm mode. Listens and advertises on 127.0.0.1 only, on free ports.
import { startSecondDockerd, type SecondDockerd } from '../engine/second-dockerd.js';
import { freePort } from '../free-port.js';

export async function startSwarmEngine(images: string[]): Promise<SecondDockerd> {
  const engine = await startSecondDockerd({ images });
  try {
    const address = `127.0.0.1:${await freePort()}`;
    await engine.docker.swarmInit({
      ListenAddr: address,
      AdvertiseAddr: address,
      DataPathPort: await freePort(),
      // Away from the 10.200-254 subnets the other fixtures use.
      DefaultAddrPool: ['10.120.0.0/16'],
      SubnetSize: 24,
    });
  } catch (error) {
    await engine.remove();
    throw error;
  }
  return engine;
}
