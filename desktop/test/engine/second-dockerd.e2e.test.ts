// The second engine leaves nothing on the machine: its networks' bridges hold Docker's default
// address pools, so a leak of a few per run ends with no engine here able to create a network.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { startSecondDockerd } from './second-dockerd.js';

const run = promisify(execFile);

async function hostInterfaces(): Promise<string[]> {
  const { stdout } = await run('ip', ['-o', 'link', 'show']);
  return stdout
    .split('\n')
    .map((line) => line.split(': ')[1]?.split('@')[0])
    .filter((name): name is string => Boolean(name));
}

describe('a second dockerd for tests', () => {
  it('removes the bridges of its networks and its own, also after a stop and a start again', async () => {
    const engine = await startSecondDockerd();
    const named = await engine.docker.createNetwork({
      Name: 'st-leak-named',
      Driver: 'bridge',
      IPAM: { Config: [{ Subnet: '10.251.250.0/24' }] },
    });
    const own = `stleak${Date.now() % 100_000}`;
    await engine.docker.createNetwork({
      Name: 'st-leak-own-name',
      Driver: 'bridge',
      Options: { 'com.docker.network.bridge.name': own },
      IPAM: { Config: [{ Subnet: '10.251.251.0/24' }] },
    });
    const brId = `br-${named.id.slice(0, 12)}`;
    const bridgeNetwork = (await engine.docker.getNetwork('bridge').inspect()) as {
      Options: Record<string, string>;
    };
    const defaultBridge = bridgeNetwork.Options['com.docker.network.bridge.name']!;
    try {
      // Bridges are created when a network is created, and a stop leaves them (a start reuses them).
      expect(await hostInterfaces()).toEqual(expect.arrayContaining([brId, own, defaultBridge]));
      await engine.stop();
      await engine.start();
      await engine.stop();
      expect(await hostInterfaces()).toEqual(expect.arrayContaining([brId, own]));
    } finally {
      await engine.remove();
    }
    const left = await hostInterfaces();
    expect(left).not.toContain(brId);
    expect(left).not.toContain(own);
    expect(left).not.toContain(defaultBridge);
    const { stdout: rules } = await run('iptables', ['-S', 'FORWARD']);
    expect(rules).not.toContain(defaultBridge);
    expect(existsSync(engine.dir)).toBe(false);
  });
});
