// `status-desktop engine`: the engine chosen in settings, tested as the console's Test does
// (version, API, resources), with the engines to choose from; `engine use <engine>` switches to
// another one after testing it, as the console's "Use this engine" does (launcher/engine-choice.ts).
import os from 'node:os';
import path from 'node:path';
import type { EngineTestResult } from '../engine/discovery/chosen.js';
import { dockerConfigDir, listContexts } from '../engine/discovery/contexts.js';
import { isStatusError } from '../engine/errors.js';
import { engineChoiceName, engineChoiceSchema, type EngineChoice } from '../engine/settings/engine-choice.js';
import type { SettingsStore } from '../engine/settings/index.js';
import { EngineChooser } from '../launcher/engine-choice.js';
import type { Terminal } from './backup.js';
import { BACK_TO_DEFAULT, engineLabel } from './engine.js';
import { formatBytes } from './progress-printer.js';
import { table } from './format.js';

export interface EngineUseOptions {
  tlsCa?: string;
  tlsCert?: string;
  tlsKey?: string;
  /** The name an ssh:// or tcp:// engine is shown by. */
  name?: string;
  /** Switch even though the platform runs on the engine being left. */
  yes?: boolean;
}

export interface EngineCommandContext {
  store: SettingsStore;
  term: Terminal;
  /** Whether STATUS's containers run on that engine (false when it cannot tell). */
  platformRunsOn(choice: EngineChoice): Promise<boolean>;
}

const USE_USAGE =
  'status-desktop engine use default | <Docker context> | ssh://user@host | tcp://host:2376 --tls-ca FILE --tls-cert FILE --tls-key FILE';

export function engineCommand(ctx: EngineCommandContext, args: string[], opts: EngineUseOptions) {
  const [verb, target, ...rest] = args;
  if (verb === undefined) return showEngine(ctx);
  if (verb === 'use' && target !== undefined && rest.length === 0) return useEngine(ctx, target, opts);
  ctx.term.err(`Name what to do: \`status-desktop engine\` shows the engine, \`${USE_USAGE}\` switches.`);
  return Promise.resolve(2);
}

/** The console's chooser, without a console: no tasks of its own, nothing connected to drop. */
function chooserFor(store: SettingsStore, env: NodeJS.ProcessEnv): EngineChooser {
  return new EngineChooser({ store, env, driving: () => undefined, tasks: () => [], switchTo: () => {} });
}

/** A DOCKER_HOST in this shell wins over the choice for the commands run here: said where it matters. */
function dockerHostShadows(env: NodeJS.ProcessEnv, choice: EngineChoice): string | undefined {
  if (!env.DOCKER_HOST || choice.kind === 'default') return undefined;
  const name = engineChoiceName(choice);
  return `Note: DOCKER_HOST (${env.DOCKER_HOST}) is set in this shell, so status-desktop commands run here use it rather than ${name}; unset it to use ${name}.`;
}

function describeChoice(choice: EngineChoice): string {
  switch (choice.kind) {
    case 'default':
      return 'default: as the Docker CLI finds it (DOCKER_HOST, the current context, the usual sockets)';
    case 'context':
      return `${choice.name}: a Docker context`;
    case 'ssh':
      return `${engineChoiceName(choice)}: ${choice.host}`;
    case 'tcp':
      return `${engineChoiceName(choice)}: ${choice.host}, ${choice.tls ? `TLS with ${choice.tls.ca}, ${choice.tls.cert}, ${choice.tls.key}` : 'no TLS'}`;
  }
}

/** What answered, in the console's Test words; or what stands in the way and what to do. */
export function testReport(result: EngineTestResult, choice: EngineChoice): string[] {
  if (!result.ok || !result.version) {
    const problem = result.problem;
    const lines = [`✗ ${problem?.message ?? `${result.name} does not answer.`}`];
    if (problem?.hint) lines.push(`  → ${problem.hint}`);
    if (choice.kind !== 'default') lines.push(`  → ${BACK_TO_DEFAULT}`);
    return lines;
  }
  const v = result.version;
  const lines = [
    `✔ ${result.name} answers at ${result.endpoint}: Docker ${v.engine} (API ${v.apiVersion}), ${v.os}/${v.arch}${v.platformName ? `, ${v.platformName}` : ''}`,
  ];
  const r = result.resources;
  if (r) {
    const host = r.hostName
      ? `; host ${r.hostName}${r.operatingSystem ? ` (${r.operatingSystem})` : ''}`
      : '';
    lines.push(`  ${r.cpus} CPUs, ${formatBytes(r.memoryBytes)} of memory${host}`);
    lines.push(`  ${r.swarmManager ? 'Manages a Docker Swarm.' : 'Not a Swarm manager.'}`);
  }
  return lines;
}

async function showEngine({ store, term }: EngineCommandContext): Promise<number> {
  const chosen = (await store.settings()).engine;
  const chooser = chooserFor(store, term.env);
  term.out(`Chosen in settings: ${describeChoice(chosen)}`);
  const shadowed = dockerHostShadows(term.env, chosen);
  if (shadowed) term.out(shadowed);
  const result = await chooser.test(chosen);
  for (const line of testReport(result, chosen)) term.out(line);

  const listing = listContexts(dockerConfigDir(term.env, os.homedir()));
  for (const warning of listing.warnings) term.err(`warning: ${warning}`);
  const rows = [['default', 'as the Docker CLI finds it']];
  for (const context of listing.contexts) {
    const current = context.name === listing.current ? " (the Docker CLI's current context)" : '';
    rows.push([context.name, `${context.host}${current}`]);
  }
  term.out(`\nEngines to choose from (status-desktop engine use <name>):`);
  term.out(table(rows.map(([name, where]) => [`  ${name}`, where!])));
  term.out('  or an address: ssh://user@host, tcp://host:2376 --tls-ca FILE --tls-cert FILE --tls-key FILE');
  return result.ok ? 0 : 1;
}

/** The choice the arguments name, checked as settings.json would check it; or what is wrong. */
export function choiceFromArgs(
  target: string,
  opts: EngineUseOptions,
  cwd = process.cwd(),
): { choice: EngineChoice } | { error: string } {
  const files = [opts.tlsCa, opts.tlsCert, opts.tlsKey];
  const given = files.filter((file) => file !== undefined).length;
  const address = target.startsWith('ssh://') || target.startsWith('tcp://');
  if (given > 0 && !target.startsWith('tcp://'))
    return { error: 'TLS certificates (--tls-ca, --tls-cert, --tls-key) go with a tcp:// engine only.' };
  if (given > 0 && given < 3)
    return { error: 'A tcp:// engine with TLS needs all three files: --tls-ca, --tls-cert and --tls-key.' };
  if (opts.name !== undefined && !address)
    return { error: '--name names an ssh:// or tcp:// engine; a Docker context keeps its own name.' };
  let raw: unknown;
  if (target === 'default') raw = { kind: 'default' };
  else if (!address) raw = { kind: 'context', name: target };
  else {
    raw = {
      kind: target.startsWith('ssh://') ? 'ssh' : 'tcp',
      host: target,
      ...(opts.name !== undefined ? { name: opts.name } : {}),
      ...(given === 3
        ? {
            tls: {
              ca: path.resolve(cwd, opts.tlsCa!),
              cert: path.resolve(cwd, opts.tlsCert!),
              key: path.resolve(cwd, opts.tlsKey!),
            },
          }
        : {}),
    };
  }
  const parsed = engineChoiceSchema.safeParse(raw);
  if (parsed.success) return { choice: parsed.data };
  const issue = parsed.error.issues[0]!;
  const field = issue.path.length ? `${issue.path.join('.')} ` : '';
  return { error: `"${target}" is not an engine STATUS Desktop can use: ${field}${issue.message}.` };
}

async function useEngine(ctx: EngineCommandContext, target: string, opts: EngineUseOptions): Promise<number> {
  const { store, term } = ctx;
  const parsed = choiceFromArgs(target, opts);
  if ('error' in parsed) {
    term.err(`${parsed.error}\n  → ${USE_USAGE}`);
    return 2;
  }
  const { choice } = parsed;
  const previous = (await store.settings()).engine;
  const leaving = JSON.stringify(previous) !== JSON.stringify(choice);
  if (leaving && !opts.yes && (await ctx.platformRunsOn(previous))) {
    const old = engineChoiceName(previous);
    term.err(
      `STATUS runs on ${old}. Switching leaves it running there (it is not stopped or moved; its data stays there), and status-desktop and the console then show ${engineChoiceName(choice)}'s platform.`,
    );
    term.err(
      `  → Stop it first (\`status-desktop down\`), then switch; or switch anyway: status-desktop engine use ${target} --yes`,
    );
    return 2;
  }
  const chooser = chooserFor(store, term.env);
  let result: EngineTestResult;
  try {
    result = await chooser.choose(choice);
  } catch (error) {
    if (!isStatusError(error)) throw error;
    term.err(`✗ ${error.toDisplayString()}`);
    return 1;
  }
  for (const line of testReport(result, choice)) term.out(line);
  term.out(
    `Now using ${result.version ? engineLabel({ ...result, version: result.version }) : result.name}: status-desktop commands drive it, and so does the console the next time it starts (or choose it in its Settings → Engine now).`,
  );
  const shadowed = dockerHostShadows(term.env, choice);
  if (shadowed) term.out(shadowed);
  return 0;
}
