// The status-desktop command as a person runs it, for tests: a real process (bin/status-desktop.js),
// stdin a pipe (no terminal), and no passphrase from the test runner's own environment.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/status-desktop.js', import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI with `env` over the test runner's environment (a key set to undefined is removed). */
export function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  const { STATUS_BACKUP_PASSPHRASE: _unset, ...inherited } = process.env;
  const merged = { ...inherited, ...env };
  for (const [key, value] of Object.entries(merged)) if (value === undefined) delete merged[key];
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env: merged, timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}
