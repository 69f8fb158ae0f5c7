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

/** Runs the command against a Stack answering with `result`: exit code, output, routings asked for. */
async function deploy(flags: { swarm?: boolean; routing?: string }, result: SwarmDeployResult = rolledBack) {
  const { stack, routes } = stackAnswering(result);
  const term = terminal();
  const code = await deployCommand(stack, flags, term, () => undefined, new AbortController().signal);
  return { code, routes, out: term.lines.join('\n'), err: term.errors.join('\n') };
}

describe('status-desktop deploy', () => {
  it('asks where to deploy without --swarm, and refuses an unknown routing', async () => {
    const bare = await deploy({});
    expect(bare).toMatchObject({ code: 2, routes: [] });
    expect(bare.err).toMatch(/status-desktop deploy --swarm/);
    const nat = await deploy({ swarm: true, routing: 'nat' });
    expect(nat).toMatchObject({ code: 2, routes: [] });
    expect(nat.err).toMatch(/--routing is "host" .* or "mesh" .*not "nat"/);
  });

  it('exits 1 when Swarm rolled a service back, naming it and why', async () => {
    const run = await deploy({ swarm: true, routing: 'mesh' });
    expect(run).toMatchObject({ code: 1, routes: ['mesh'] });
    expect(run.out).toMatch(/status-backend +ROLLED BACK +update rolled back due to failure of task x/);
    expect(run.out).toMatch(/those services run their previous version/);
    expect(run.out).toMatch(
      /Not carried over to a Swarm:\n {2}- postgres: port 127\.0\.0\.1:5432 is not published/,
    );
  });

  it('exits 0 and says how to follow the deployment when everything converged', async () => {
    const run = await deploy(
      { swarm: true },
      { services: { 'status-backend': { outcome: 'updated' } }, notes: [], elapsedMs: 4200 },
    );
    expect(run).toMatchObject({ code: 0, routes: ['host'] });
    expect(run.out).toMatch(/status-backend +updated \(rolling\)/);
    expect(deployReport({ services: { x: { outcome: 'created' } }, notes: [], elapsedMs: 4200 })).toMatch(
      /Deployed to the Swarm \(4\.2 s\)\. `status-desktop ps` and `status-desktop logs` read it\./,
    );
  });

  it('ends with the setup steps that did not complete, and why (the ones done are not listed)', () => {
    const report = deployReport({
      services: { grafana: { outcome: 'created' } },
      notes: [],
      elapsedMs: 1000,
      setup: [
        { step: 'grafana-database', outcome: 'done', message: 'done' },
        {
          step: 'grafana-token',
          outcome: 'not-run',
          message: 'no status-backend task runs on this node: run deploy from the node that has one.',
        },
      ],
    });
    expect(report).toMatch(
      /Setup steps that did not complete:\n {2}- grafana-token \(not run\): no status-backend task runs on this node/,
    );
    expect(report).not.toMatch(/grafana-database/);
  });
});
