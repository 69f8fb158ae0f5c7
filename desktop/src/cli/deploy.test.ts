import { describe, expect, it } from 'vitest';
import type { Stack } from '../launcher/stack.js';
import type { SwarmDeployResult } from '../launcher/swarm.js';
import type { Terminal } from './backup.js';
import { deployCommand, deployReport } from './deploy.js';

function terminal(): Terminal & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return {
    out: (l) => lines.push(l),
    err: (l) => errors.push(l),
    env: {},
    interactive: false,
    lines,
    errors,
  };
}

const rolledBack: SwarmDeployResult = {
  services: {
    postgres: { outcome: 'unchanged' },
    'status-backend': { outcome: 'rolled-back', reason: 'update rolled back due to failure of task x' },
  },
  notes: ['postgres: port 127.0.0.1:5432 is not published (a Swarm publishes on every interface).'],
  elapsedMs: 12_300,
};

/** A Stack that records the deploy request and answers with `result`. */
function stackAnswering(result: SwarmDeployResult): { stack: Stack; routes: string[] } {
  const routes: string[] = [];
  const stack = {
    deploySwarm: async (opts: { routing?: string }) => {
      routes.push(opts.routing ?? '');
      return result;
    },
  } as unknown as Stack;
  return { stack, routes };
}

const noPrinter = () => undefined;

describe('status-desktop deploy', () => {
  it('asks where to deploy without --swarm, and refuses an unknown routing', async () => {
    const { stack, routes } = stackAnswering(rolledBack);
    const term = terminal();
    expect(await deployCommand(stack, {}, term, noPrinter, new AbortController().signal)).toBe(2);
    expect(term.errors[0]).toMatch(/status-desktop deploy --swarm/);
    expect(
      await deployCommand(
        stack,
        { swarm: true, routing: 'nat' },
        term,
        noPrinter,
        new AbortController().signal,
      ),
    ).toBe(2);
    expect(term.errors[1]).toMatch(/--routing is "host" .* or "mesh" .*not "nat"/);
    expect(routes).toEqual([]);
  });

  it('exits 1 when Swarm rolled a service back, naming it and why', async () => {
    const { stack, routes } = stackAnswering(rolledBack);
    const term = terminal();
    expect(
      await deployCommand(
        stack,
        { swarm: true, routing: 'mesh' },
        term,
        noPrinter,
        new AbortController().signal,
      ),
    ).toBe(1);
    expect(routes).toEqual(['mesh']);
    const report = term.lines.join('\n');
    expect(report).toMatch(/status-backend +ROLLED BACK +update rolled back due to failure of task x/);
    expect(report).toMatch(/those services run their previous version/);
    expect(report).toMatch(
      /Not carried over to a Swarm:\n {2}- postgres: port 127\.0\.0\.1:5432 is not published/,
    );
  });

  it('exits 0 and says how to follow the deployment when everything converged', async () => {
    const { stack, routes } = stackAnswering({
      services: { 'status-backend': { outcome: 'updated' } },
      notes: [],
      elapsedMs: 4200,
    });
    const term = terminal();
    expect(await deployCommand(stack, { swarm: true }, term, noPrinter, new AbortController().signal)).toBe(
      0,
    );
    expect(routes).toEqual(['host']);
    expect(deployReport({ services: { x: { outcome: 'created' } }, notes: [], elapsedMs: 4200 })).toMatch(
      /Deployed to the Swarm \(4\.2 s\)\. `status-desktop ps` and `status-desktop logs` read it\./,
    );
    expect(term.lines.join('\n')).toMatch(/status-backend +updated \(rolling\)/);
  });
});
