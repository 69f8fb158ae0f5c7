// status-desktop: the STATUS platform from a terminal.
//   up | start [service...]   start everything (or some services and what they need), wait for health
//   stop [service...]         stop, keeping containers and data
//   restart [service...]      restart and wait for health
//   down                      remove containers and networks; data volumes are kept
//   ps                        the state of every service
//   logs [-f] [--tail N] [--since 10m] [service...]
//   stats                     CPU and memory per service
//   doctor                    engine diagnosis and host port check
//   credentials               the admin account (and Grafana's break-glass admin), where secrets are kept
//   reset --yes-delete <volume>...   delete data volumes (names listed by `reset` without arguments)
//   serve [--port 7800] [--host 127.0.0.1] [--token T] [--open]   the admin console in a browser
//   backup [--to FILE] [--with-secrets]   one archive of every data store (default: <settings>/backups/)
//   restore FILE [--with-secrets] [--yes] [--other-project]   check the archive, show it, ask, restore
//   backups                   the backups kept in the settings folder
//   updates [--stack FILE|URL]        what an upgrade would change (registries, a newer release's stack file)
//   upgrade [--stack FILE|URL] [--yes]   backup, pull, recreate what changed, health gates, roll back on failure
//   images save [FILE] | images load FILE   every image of the platform in one file, for offline computers
//   deploy --swarm [--routing host|mesh]   the platform on the Swarm this engine manages (ps/logs follow it)
//   engine | engine use <engine>   the engine chosen in settings, tested; switch to another one
// Every command drives the engine chosen in settings (as the console does); DOCKER_HOST beats it.
import { parseArgs } from 'node:util';
import { isStatusError } from './engine/errors.js';
import { formatDiagnosis } from './engine/discovery/index.js';
import { connectChosenEngine } from './engine/discovery/chosen.js';
import { missingFeatureNotes, stackNeeds } from './engine/discovery/features.js';
import { engineChoiceName, type EngineChoice } from './engine/settings/engine-choice.js';
import { GRAFANA_ADMIN_USER } from './engine/setup/grafana-token.js';
import { backupsFolder, listBackups } from './launcher/backups.js';
import { Stack } from './launcher/stack.js';
import { openSettingsStore, type SettingsStore } from './engine/settings/index.js';
import { backupCommand, backupsTable, passphrase, restoreCommand, type Terminal } from './cli/backup.js';
import { imagesCommand } from './cli/images.js';
import { deployCommand } from './cli/deploy.js';
import {
  BACK_TO_DEFAULT,
  connectCliEngine,
  dockerHostNote,
  effectiveChoice,
  engineLabel,
} from './cli/engine.js';
import { engineCommand } from './cli/engine-command.js';
import { progressPrinter } from './cli/progress-printer.js';
import { updatesCommand, upgradeCommand } from './cli/upgrade.js';
import { statusTable, table } from './cli/format.js';

const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

const USAGE = `Usage: status-desktop <command> [options]

Commands:
  up [service...]          start the platform (or the named services and what they need)
  start [service...]       same as up
  stop [service...]        stop services; containers and data are kept
  restart [service...]     restart services and wait until they are healthy
  down                     remove containers and networks; data volumes are kept
  ps                       show every service's state
  logs [service...]        show logs (-f to follow, --tail N, --since 10m, --timestamps)
  stats                    CPU and memory per service
  doctor                   check the container engine and the host ports
  credentials              show the admin account, Grafana's break-glass admin, where secrets are kept
  reset                    list the data volumes; with --yes-delete <volume>... delete them
  serve                    the admin console in a browser (headless): --port 7800, --host 127.0.0.1,
                           --token <t> (default: stored in the settings folder), --open, --allow-remote
  backup                   one archive (a .statusbackup file, a plain tar) of every data store, kept in
                           the settings folder's backups/ unless --to FILE; --with-secrets adds the
                           secrets, encrypted with a passphrase (STATUS_BACKUP_PASSPHRASE, or asked)
  restore FILE             check the archive, show what it holds, ask, then replace the data with it;
                           --yes: do not ask; --with-secrets: also restore its secrets (passphrase as
                           for backup); --other-project: accept a backup of another project name
  backups                  list the backups kept in the settings folder
  updates                  compare every image with its registry (and, with --stack FILE|URL, with a
                           newer STATUS release's stack file) and show what an upgrade would change
  upgrade                  show that plan, ask (--yes: do not), then back up every data store, download
                           the new images, recreate only the services they change and wait for their
                           health checks; if one fails, they all go back to their previous images (and
                           the backup is restored if the database schema changed). Exit code 1 then
  images save [FILE]       every image the platform runs (downloaded or built first if missing) in one
                           file with a manifest and checksums, for a computer without internet
  images load FILE         check that file, then load its images into the engine (no download needed)
  deploy --swarm           deploy to the Swarm this engine manages: rolling updates that
                           Swarm rolls back if the new tasks fail (exit code 1 then); --routing host
                           (default: the proxy's port on each node) or mesh (Swarm's routing mesh);
                           then ps and logs read the Swarm's services
  engine                   the engine chosen in settings, tested (version, API, CPUs, memory, Swarm),
                           and the engines to choose from
  engine use <engine>      test it, then choose it: default, a Docker context's name, ssh://user@host,
                           or tcp://host:2376 --tls-ca FILE --tls-cert FILE --tls-key FILE (--name N:
                           how it is shown). Refused while STATUS runs on the engine being left
                           (stop it first, or --yes to leave it running there)

Every command drives the engine chosen in settings (the console's Settings → Engine, or
\`engine use\`) and names it once; DOCKER_HOST set in the shell beats the setting.

Options:
  --compose <file>         another Compose file (default: the bundled stack/compose.yaml)
  --build                  rebuild locally built images (up)
  --pull                   download images again even when present (up)
  --force-recreate         recreate containers even when unchanged (up)
  --stack <file|url>       a newer STATUS release's stack file (updates, upgrade)
  -v, --verbose            show build output
`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      follow: { type: 'boolean', short: 'f' },
      tail: { type: 'string', default: '200' },
      since: { type: 'string' },
      timestamps: { type: 'boolean', short: 't' },
      compose: { type: 'string' },
      build: { type: 'boolean' },
      pull: { type: 'boolean' },
      'force-recreate': { type: 'boolean' },
      'yes-delete': { type: 'boolean' },
      verbose: { type: 'boolean', short: 'v' },
      help: { type: 'boolean', short: 'h' },
      port: { type: 'string' },
      host: { type: 'string' },
      token: { type: 'string' },
      open: { type: 'boolean' },
      'allow-remote': { type: 'boolean' },
      to: { type: 'string' },
      'with-secrets': { type: 'boolean' },
      yes: { type: 'boolean', short: 'y' },
      'other-project': { type: 'boolean' },
      stack: { type: 'string' },
      swarm: { type: 'boolean' },
      routing: { type: 'string' },
      'tls-ca': { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      name: { type: 'string' },
    },
  });
  const [command, ...args] = positionals;
  if (!command || values.help) {
    out(USAGE);
    return command ? 0 : 1;
  }
  if (command === 'doctor') return doctor(values.compose);
  if (command === 'serve') {
    // Loaded only here: the console's server, the launcher and their schemas are half the CLI.
    const { serve } = await import('./cli/serve.js');
    return serve(
      {
        port: values.port,
        host: values.host,
        token: values.token,
        open: values.open,
        allowRemote: values['allow-remote'],
        compose: values.compose,
      },
      out,
      err,
    );
  }
  const term: Terminal = { out, err, env: process.env, interactive: Boolean(process.stdin.isTTY) };
  const store = await openSettingsStore({ onWarning: (m) => err(`warning: ${m}`) });
  if (command === 'engine') {
    const platformRunsOn = (choice: EngineChoice) => platformRuns(choice, store, values.compose);
    return engineCommand({ store, term, platformRunsOn }, args, {
      tlsCa: values['tls-ca'],
      tlsCert: values['tls-cert'],
      tlsKey: values['tls-key'],
      name: values.name,
      yes: values.yes,
    });
  }
  if (command === 'backups') {
    const folder = backupsFolder(store.home);
    out(backupsTable(await listBackups(folder), folder));
    return 0;
  }
  if (command === 'restore' && args.length !== 1) {
    err(
      'Name the backup file to restore: status-desktop restore FILE (`status-desktop backups` lists them).',
    );
    return 2;
  }
  // Asked before anything starts, so a missing passphrase stops the command at once.
  let secretsPassphrase: string | undefined;
  if ((command === 'backup' || command === 'restore') && values['with-secrets']) {
    secretsPassphrase = await passphrase(term, command);
    if (secretsPassphrase === undefined) return 2;
  }

  const engine = await connectCliEngine((await store.settings()).engine, process.env, err);
  const stack = await Stack.open({
    composeFile: values.compose,
    store,
    docker: engine.docker,
    onWarning: (m) => err(`warning: ${m}`),
  });
  // Named once, where it does not mix with what a script reads: logs' output is the logs.
  if (command === 'logs') err(`Engine: ${engineLabel(engine)}`);
  else if (command !== 'credentials') out(`Engine: ${engineLabel(engine)}`);
  const controller = new AbortController();
  process.once('SIGINT', () => {
    err('\nCancelling… (press Ctrl+C again to quit at once)');
    controller.abort();
    process.once('SIGINT', () => process.exit(130));
  });
  const printer = progressPrinter(out, { verbose: values.verbose });

  switch (command) {
    case 'up':
    case 'start': {
      const result = await stack.up({
        services: args.length ? args : undefined,
        onProgress: printer,
        signal: controller.signal,
        rebuild: values.build,
        pull: values.pull,
        forceRecreate: values['force-recreate'],
      });
      const urls = stack.urls();
      const degraded = Object.entries(result.degraded);
      out(
        `\nSTATUS is up (${(result.elapsedMs / 1000).toFixed(1)} s)${degraded.length ? `, degraded: it runs without ${degraded.map(([name]) => name).join(', ')}` : ''}.`,
      );
      for (const [name, d] of degraded)
        out(`  ${name.padEnd(10)} ${d.message} (\`status-desktop logs ${name}\` shows why)`);
      out(`  STATUS     ${urls.status}`);
      out(`  Grafana    ${urls.grafana}`);
      out(`  Node-RED   ${urls.nodeRed}`);
      for (const url of urls.shared) out(`  Share      ${url}`);
      out(
        `  Sign in as "${stack.settings.adminUsername}"; \`status-desktop credentials\` shows the password.`,
      );
      return 0;
    }
    case 'stop':
      await stack.stop(args.length ? args : undefined, printer);
      return 0;
    case 'restart':
      await stack.restart(args.length ? args : undefined, printer, controller.signal);
      return 0;
    case 'down':
      await stack.down(printer);
      out(
        'Containers removed. Your data is kept in the volumes; `status-desktop up` brings everything back.',
      );
      return 0;
    case 'ps':
      out(statusTable(await stack.status()));
      return 0;
    case 'logs': {
      const tail = values.tail === 'all' ? 'all' : Number(values.tail);
      const services = args.length ? args : stack.services;
      const width = Math.max(...services.map((s) => s.length));
      for await (const line of stack.logs(services, {
        tail,
        since: values.since,
        follow: values.follow,
        timestamps: true,
        signal: controller.signal,
      })) {
        const time = values.timestamps && line.time ? `${new Date(line.time).toISOString()} ` : '';
        out(
          services.length > 1 ? `${line.service.padEnd(width)} | ${time}${line.text}` : `${time}${line.text}`,
        );
      }
      return 0;
    }
    case 'stats': {
      const rows = [['SERVICE', 'CPU %', 'MEMORY', 'MEM %', 'PIDS']];
      for (const s of await stack.stats()) {
        rows.push([
          s.service,
          s.cpuPercent.toFixed(1),
          `${(s.memoryBytes / 1048576).toFixed(0)} MiB`,
          s.memoryPercent.toFixed(1),
          String(s.pids ?? ''),
        ]);
      }
      out(table(rows));
      return 0;
    }
    case 'credentials': {
      const secrets = await stack.store.secrets();
      out(`Admin user:      ${stack.settings.adminUsername}`);
      out(`Admin password:  ${secrets.adminPassword}`);
      // Grafana's break-glass server admin, a login of its own (not the STATUS admin's), which
      // signs in only on Grafana's own port; STATUS users reach Grafana signed in as themselves.
      out(
        `Grafana admin:   ${GRAFANA_ADMIN_USER}, password ${secrets.grafanaAdminPassword} ` +
          "(emergencies only: Grafana's own port, on this machine)",
      );
      out(`Stored in:       ${stack.store.home} (readable by you only)`);
      return 0;
    }
    case 'reset': {
      const plan = await stack.resetPlan();
      if (!values['yes-delete']) {
        out(
          plan.volumes.length
            ? `These volumes hold STATUS's data:\n  ${plan.volumes.join('\n  ')}`
            : 'There are no data volumes.',
        );
        out('\nTo delete some, stop everything and name them: status-desktop reset --yes-delete <volume>...');
        out('This cannot be undone.');
        return 0;
      }
      if (!args.length) {
        err('Name the volumes to delete (see `status-desktop reset`).');
        return 2;
      }
      for (const name of await stack.reset(args, printer)) out(`deleted ${name}`);
      return 0;
    }
    case 'backup':
      return backupCommand(
        stack,
        { to: values.to, passphrase: secretsPassphrase },
        term,
        printer,
        controller.signal,
      );
    case 'restore':
      return restoreCommand(
        stack,
        args[0]!,
        { passphrase: secretsPassphrase, yes: values.yes, otherProject: values['other-project'] },
        term,
        printer,
      );
    case 'images':
      return imagesCommand(stack, args, term, printer, controller.signal);
    case 'updates':
      return updatesCommand(stack, { stack: values.stack }, term, controller.signal);
    case 'deploy':
      return deployCommand(stack, values, term, printer, controller.signal);
    case 'upgrade':
      return upgradeCommand(
        stack,
        { stack: values.stack, yes: values.yes },
        term,
        printer,
        controller.signal,
      );
    default:
      err(`Unknown command "${command}".\n`);
      out(USAGE);
      return 2;
  }
}

/** STATUS's containers run on that engine (false when it does not answer: nothing to leave behind). */
async function platformRuns(
  choice: EngineChoice,
  store: SettingsStore,
  composeFile: string | undefined,
): Promise<boolean> {
  try {
    const engine = await connectChosenEngine(choice);
    const stack = await Stack.open({ composeFile, store, docker: engine.docker, onWarning: () => {} });
    return (await stack.status()).state !== 'stopped';
  } catch {
    return false;
  }
}

async function doctor(composeFile: string | undefined): Promise<number> {
  const store = await openSettingsStore({ onWarning: (m) => out(`warning: ${m}`) });
  const chosen = (await store.settings()).engine;
  const { choice, overridden } = effectiveChoice(chosen, process.env);
  if (overridden) out(dockerHostNote(process.env.DOCKER_HOST!, overridden));
  else if (choice.kind !== 'default') out(`The engine chosen in settings: ${engineChoiceName(choice)}`);
  const diagnosis = await Stack.diagnose(process.env, undefined, choice);
  out(formatDiagnosis(diagnosis));
  if (!diagnosis.ok && choice.kind !== 'default') out(`  → ${BACK_TO_DEFAULT}`);
  if (!diagnosis.ok) return 1;
  const engine = await connectCliEngine(chosen, process.env, () => {});
  const stack = await Stack.open({
    composeFile,
    store,
    docker: engine.docker,
    onWarning: (m) => out(`warning: ${m}`),
  });
  // What this engine lacks that the stack needs (nothing about features the stack does not use).
  for (const note of missingFeatureNotes(engine.version.apiVersion, stackNeeds(stack.project)))
    out(`  note: ${note}`);
  const conflicts = await stack.checkPorts();
  if (!conflicts.length) {
    out('\nPorts: every port STATUS needs is free (or already used by STATUS itself).');
    return 0;
  }
  out('\nPorts:');
  for (const c of conflicts) out(`  ✗ ${c.message}\n    → ${c.hint}`);
  return 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (isStatusError(error)) {
      err(`\n✗ ${error.toDisplayString()}`);
      const lines = error.details.lastLines;
      if (Array.isArray(lines) && lines.length)
        err(`\nLast log lines of ${String(error.details.service)}:\n  ${lines.join('\n  ')}`);
      process.exit(1);
    }
    err(`\n✗ Unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    err('  → This is a bug in STATUS Desktop; please report it with the lines above.');
    process.exit(70);
  },
);
