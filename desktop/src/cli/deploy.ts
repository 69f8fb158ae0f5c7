// `status-desktop deploy --swarm [--routing host|mesh]`: the platform on the Swarm this engine
// (the one chosen in settings, or DOCKER_HOST) manages, each service's progress as it converges,
// and the outcome: exit code 1 when Swarm rolled an update back (the services keep running their
// previous spec).
import type { SwarmDeployResult } from '../launcher/swarm.js';
import type { Stack } from '../launcher/stack.js';
import type { Terminal } from './backup.js';
import { table } from './format.js';
import type { Printer } from './progress-printer.js';

const OUTCOME_WORDS: Record<SwarmDeployResult['services'][string]['outcome'], string> = {
  created: 'created',
  updated: 'updated (rolling)',
  unchanged: 'unchanged',
  'rolled-back': 'ROLLED BACK',
};

export interface DeployFlags {
  swarm?: boolean;
  routing?: string;
}

export async function deployCommand(
  stack: Stack,
  flags: DeployFlags,
  term: Terminal,
  printer: Printer,
  signal: AbortSignal,
): Promise<number> {
  if (!flags.swarm) {
    term.err('Say where to deploy: status-desktop deploy --swarm (on one machine, `status-desktop up`).');
    return 2;
  }
  const routing = flags.routing ?? 'host';
  if (routing !== 'host' && routing !== 'mesh') {
    term.err(
      `--routing is "host" (each node publishes the proxy's port) or "mesh" (Swarm's routing mesh), not "${routing}".`,
    );
    return 2;
  }
  const result = await stack.deploySwarm({ routing, onProgress: printer, signal });
  term.out(`\n${deployReport(result)}`);
  return Object.values(result.services).some((s) => s.outcome === 'rolled-back') ? 1 : 0;
}

export function deployReport(result: SwarmDeployResult): string {
  const rows = [['SERVICE', 'OUTCOME', 'WHY']];
  for (const [service, s] of Object.entries(result.services))
    rows.push([service, OUTCOME_WORDS[s.outcome], s.reason ?? '']);
  const rolledBack = Object.values(result.services).some((s) => s.outcome === 'rolled-back');
  const lines = [
    table(rows),
    '',
    rolledBack
      ? 'Swarm rolled back what is marked: those services run their previous version. `status-desktop logs <service>` shows why the new one failed.'
      : `Deployed to the Swarm (${(result.elapsedMs / 1000).toFixed(1)} s). \`status-desktop ps\` and \`status-desktop logs\` read it.`,
  ];
  if (result.notes.length)
    lines.push('', 'Not carried over to a Swarm:', ...result.notes.map((n) => `  - ${n}`));
  // Said live as warnings too; repeated here so the last screen holds everything left to do.
  const unfinished = (result.setup ?? []).filter((s) => s.outcome !== 'done');
  if (unfinished.length)
    lines.push(
      '',
      'Setup steps that did not complete:',
      ...unfinished.map(
        (s) => `  - ${s.step} (${s.outcome === 'failed' ? 'failed' : 'not run'}): ${s.message}`,
      ),
    );
  return lines.join('\n');
}
