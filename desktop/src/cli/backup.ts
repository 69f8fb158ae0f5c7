// The backup commands of status-desktop: backup, restore and backups. A passphrase (for the
// secrets) comes from STATUS_BACKUP_PASSPHRASE or is asked on a terminal without echo; a restore
// checks the archive first, shows what it holds and asks before replacing anything.
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline/promises';
import { cancelledError } from '../engine/errors.js';
import { isRefusal, type BackupManifest } from '../engine/backup/index.js';
import type { KeptBackup } from '../launcher/backups.js';
import type { Stack } from '../launcher/stack.js';
import { table } from './format.js';
import { formatBytes, type Printer } from './progress-printer.js';

export const PASSPHRASE_VARIABLE = 'STATUS_BACKUP_PASSPHRASE';

export interface Terminal {
  out: (line: string) => void;
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
  /** A person at a terminal can answer questions (stdin is a TTY). */
  interactive: boolean;
}

/** Reads a line from the terminal without showing it (raw mode: Ctrl+C cancels). */
function askHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  // Echo off before the question shows, so nothing typed after it can be echoed.
  stdin.setRawMode(true);
  process.stderr.write(question);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return (finish(), resolve(value));
        if (ch === '\u0003') return (finish(), reject(cancelledError('Asking for the passphrase')));
        value = ch === '\u007f' || ch === '\b' ? value.slice(0, -1) : value + ch;
      }
    };
    stdin.on('data', onData);
  });
}

/** A yes/no question on the terminal; Ctrl+C answers no (readline would otherwise just pause). */
export async function askYes(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const interrupted = new AbortController();
  rl.once('SIGINT', () => interrupted.abort());
  try {
    return /^y(es)?$/i.test((await rl.question(question, { signal: interrupted.signal })).trim());
  } catch (error) {
    if (interrupted.signal.aborted) return false;
    throw error;
  } finally {
    rl.close();
  }
}

/**
 * The passphrase for the secrets in a backup, or undefined (with the reason printed) when there
 * is none to be had. A new one (a backup) is asked twice.
 */
export async function passphrase(term: Terminal, purpose: 'backup' | 'restore'): Promise<string | undefined> {
  const fromEnv = term.env[PASSPHRASE_VARIABLE];
  if (fromEnv) return fromEnv;
  if (!term.interactive) {
    term.err(
      `--with-secrets needs a passphrase, and there is no terminal to ask for one.\n` +
        `  → Set ${PASSPHRASE_VARIABLE}, or run the command in a terminal.`,
    );
    return undefined;
  }
  const first = await askHidden(
    purpose === 'backup'
      ? 'Passphrase for the secrets (8 characters or more): '
      : 'Passphrase of the secrets: ',
  );
  if (purpose === 'restore') return first;
  if ((await askHidden('The same passphrase again: ')) === first) return first;
  term.err('The two passphrases differ; nothing was written.\n  → Run the command again.');
  return undefined;
}

/** Prints a refused archive's reason and what to do; anything else is thrown on. */
async function refusalsPrinted(term: Terminal, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (error) {
    if (!isRefusal(error)) throw error;
    term.err(`\n✗ The backup was refused (${error.reason}): ${error.message}`);
    if (error.hint) term.err(`  → ${error.hint}`);
    term.err('  Nothing was changed.');
    return 1;
  }
}

const utc = (iso: string) => `${iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, '')} UTC`;

export function manifestSummary(manifest: BackupManifest, file: string, size: number): string {
  const schema = manifest.schema?.latestVersion
    ? `version ${manifest.schema.latestVersion} (${manifest.schema.migrations.length} migrations)`
    : 'none yet (the STATUS backend had not started)';
  const hasSecrets = manifest.parts.some((p) => p.kind === 'secrets');
  const parts = [
    ['PART', 'SIZE', 'METHOD'],
    ...manifest.parts.map((p) => [p.name, formatBytes(p.size), p.method]),
  ];
  return [
    `Backup ${file} (${formatBytes(size)})`,
    `  made      ${utc(manifest.createdAt)} by STATUS Desktop ${manifest.desktopVersion}`,
    `  project   ${manifest.project}`,
    `  schema    ${schema}`,
    `  secrets   ${hasSecrets ? 'included, encrypted with a passphrase' : 'not included'}`,
    '',
    table(parts).replace(/^/gm, '  '),
  ].join('\n');
}

export async function backupCommand(
  stack: Stack,
  opts: { to?: string; passphrase?: string },
  term: Terminal,
  printer: Printer,
  signal: AbortSignal,
): Promise<number> {
  const result = await stack.backup({
    to: opts.to,
    withSecrets: opts.passphrase === undefined ? undefined : { passphrase: opts.passphrase },
    onProgress: printer,
    signal,
  });
  const secrets = opts.passphrase === undefined ? 'without the secrets' : 'with the secrets (encrypted)';
  term.out(
    `\nBackup written: ${result.file} (${formatBytes(result.size)}, ${result.manifest.parts.length} parts, ${secrets}).`,
  );
  if (!opts.to)
    term.out(`Backups are kept in ${stack.backupsFolder}; \`status-desktop backups\` lists them.`);
  return 0;
}

export function restoreCommand(
  stack: Stack,
  file: string,
  opts: { passphrase?: string; yes?: boolean; otherProject?: boolean },
  term: Terminal,
  printer: Printer,
): Promise<number> {
  return refusalsPrinted(term, async () => {
    const size = await stat(file).then(
      (info) => (info.isFile() ? info.size : undefined),
      () => undefined,
    );
    if (size === undefined) {
      term.err(
        `There is no backup file at ${file}.\n  → Check the path; \`status-desktop backups\` lists the kept ones.`,
      );
      return 2;
    }
    term.out(`Checking ${file}…`);
    const manifest = await stack.verifyBackup(file, { passphrase: opts.passphrase });
    term.out(manifestSummary(manifest, file, size));
    const hasSecrets = manifest.parts.some((p) => p.kind === 'secrets');
    if (hasSecrets && opts.passphrase === undefined)
      term.out(
        "\nThe backup's secrets will be left out (this machine's are kept); --with-secrets restores them.",
      );
    const services = [...new Set(manifest.parts.flatMap((p) => ('service' in p ? [p.service] : [])))];
    const what = `This replaces the data of STATUS project "${stack.project.name}" (${services.join(', ')}) with the backup's.`;
    if (!opts.yes) {
      if (!term.interactive) {
        term.err(`\n${what}\n  → Add --yes to restore without being asked; nothing was changed.`);
        return 2;
      }
      if (!(await askYes(`\n${what} Continue? [y/N] `))) {
        term.out('Nothing was changed.');
        return 1;
      }
    }
    const result = await stack.restore(file, {
      passphrase: opts.passphrase,
      allowOtherProject: opts.otherProject,
      onProgress: printer,
    });
    term.out(`\nRestored ${result.restoredParts.length} parts from ${file}.`);
    if (result.secretsRestored) term.out(`The backup's secrets are stored in ${stack.store.home}.`);
    if (result.rolesAligned.length)
      term.out(`PostgreSQL roles given this installation's passwords: ${result.rolesAligned.join(', ')}.`);
    if (result.started.length) term.out(`Running again: ${result.started.join(', ')}.`);
    return 0;
  });
}

export function backupsTable(kept: KeptBackup[], folder: string): string {
  if (!kept.length) return `No backups yet in ${folder}; \`status-desktop backup\` makes one.`;
  const rows = [['FILE', 'DATE', 'SIZE']];
  for (const b of kept) rows.push([b.file, utc(b.modifiedAt.toISOString()), formatBytes(b.size)]);
  return `${table(rows)}\n\nKept in ${folder}.`;
}
