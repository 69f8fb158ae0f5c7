// The status-desktop command as a person runs it: a real process, the real engine.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDataStack, type DataStack } from '../test/backup/data-stack.js';
import { freePort } from '../test/free-port.js';
import { saveSettings } from './engine/settings/index.js';
import { runCli, type CliRun } from './cli/test-support.js';

let home: string;
let composeDir: string;
let port: number;

function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return runCli(args, { STATUS_DESKTOP_HOME: home, ...env });
}

beforeAll(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'st-cli-home-'));
  composeDir = await mkdtemp(path.join(tmpdir(), 'st-cli-compose-'));
  port = await freePort();
  await saveSettings({ projectName: `st-cli-${Math.random().toString(36).slice(2, 8)}` }, home);
  await writeFile(
    path.join(composeDir, 'compose.yaml'),
    `services:\n  web:\n    image: \${STATUS_NODE_IMAGE:-status-test/node:1}\n    command: ["node", "-e", "console.log(\\"web ready ✓\\"); process.on(\\"SIGTERM\\", () => process.exit(0)); setInterval(() => {}, 1000)"]\n    ports: ["127.0.0.1:${port}:8080"]\n`,
  );
});
afterAll(async () => {
  await rm(home, { recursive: true, force: true });
  await rm(composeDir, { recursive: true, force: true });
});

describe('status-desktop', () => {
  it('prints its usage and fails without a command', async () => {
    const { code, stdout } = await cli([]);
    expect(code).toBe(1);
    expect(stdout).toContain('Usage: status-desktop <command>');
  });

  it('doctor: names the engine it found and checks the ports', async () => {
    const { code, stdout } = await cli(['doctor', '--compose', path.join(composeDir, 'compose.yaml')]);
    expect(stdout).toMatch(/Engine: .*API 1\.\d+/);
    expect(stdout).toContain('Ports: every port STATUS needs is free');
    expect(code).toBe(0);
  });

  it('doctor: a taken port is named with what to do', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const { code, stdout } = await cli(['doctor', '--compose', path.join(composeDir, 'compose.yaml')]);
      expect(code).toBe(1);
      expect(stdout).toContain(`✗`);
      expect(stdout).toContain(String(port));
      expect(stdout).toMatch(/→ /);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('up, ps, logs and down on a small project', async () => {
    const compose = ['--compose', path.join(composeDir, 'compose.yaml')];
    const up = await cli(['up', ...compose]);
    expect(up.stderr).toBe('');
    expect(up.stdout).toMatch(/web\s+Started/);
    expect(up.stdout).toContain('is up');
    const ps = await cli(['ps', ...compose]);
    expect(ps.stdout).toMatch(/^SERVICE\s+STATE/m);
    expect(ps.stdout).toMatch(new RegExp(`web\\s+Running.*127\\.0\\.0\\.1:${port}->8080`));
    const logs = await cli(['logs', 'web', '--tail', '5', ...compose]);
    expect(logs.stdout.trim()).toBe('web ready ✓');
    const down = await cli(['down', ...compose]);
    expect(down.code).toBe(0);
    expect(down.stdout).toContain('Your data is kept');
    // Each step once, in the console's words: "web  Stopping", not "web  stopping  stopping".
    expect(down.stdout).toMatch(/^web\s+Stopping$/m);
    expect(down.stdout).toMatch(/^web\s+Stopped$/m);
    expect(down.stdout).toMatch(/^web\s+Removed$/m);
    expect(down.stdout).not.toMatch(/\b(stopping|stopped|removing|removed)\b.*\b\1\b/i);
    const after = await cli(['ps', ...compose]);
    expect(after.stdout).toMatch(/web\s+Not created/);
  });

  it('images save and load: every image of the stack in one checked file, loaded back', async () => {
    const compose = ['--compose', path.join(composeDir, 'compose.yaml')];
    const file = path.join(composeDir, 'offline.statusimages');
    const saved = await cli(['images', 'save', file, ...compose]);
    expect(saved.stderr).toBe('');
    expect(saved.code).toBe(0);
    expect(saved.stdout).toMatch(/images\s+saving\s+[\d.]+ [kMG]B of/);
    expect(saved.stdout).toContain(`Images saved: ${file}`);
    expect(saved.stdout).toContain('1 image)');
    const loaded = await cli(['images', 'load', file, ...compose]);
    expect(loaded.code).toBe(0);
    expect(loaded.stdout).toMatch(/images\s+checking/);
    expect(loaded.stdout).toContain('Loaded 1 image:\n  status-test/node:1');
    const usage = await cli(['images', 'load', ...compose]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('status-desktop images load FILE');
  }, 120_000);

  it('reports a user error as what happened and what to do, with exit code 1', async () => {
    const { code, stderr } = await cli([
      'logs',
      'nosuchservice',
      '--compose',
      path.join(composeDir, 'compose.yaml'),
    ]);
    expect(code).toBe(1);
    expect(stderr).toContain('✗ There is no service called "nosuchservice".');
    expect(stderr).toContain('→ Services: web.');
  });
});

describe('status-desktop backup, restore and backups: what the operator got wrong', () => {
  it('restore needs a file that exists', async () => {
    const none = await cli(['restore']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Name the backup file to restore');
    const missing = await cli(['restore', path.join(composeDir, 'no-such.statusbackup')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('There is no backup file at');
    expect(missing.stderr).toContain('→ ');
  });

  it('--with-secrets without a passphrase and without a terminal stops before anything is done', async () => {
    for (const command of ['backup', 'restore']) {
      const args = command === 'restore' ? [command, 'x.statusbackup'] : [command];
      const { code, stderr } = await cli([...args, '--with-secrets']);
      expect(code).toBe(2);
      expect(stderr).toContain('needs a passphrase');
      expect(stderr).toContain('→ Set STATUS_BACKUP_PASSPHRASE');
    }
  });

  it('a file that is not a backup is refused with its reason, and nothing is changed', async () => {
    const file = path.join(composeDir, 'notes.statusbackup');
    await writeFile(file, 'not a tar at all\n'.repeat(100));
    const { code, stderr } = await cli(['restore', file, '--yes']);
    expect(code).toBe(1);
    expect(stderr).toContain('✗ The backup was refused (not-a-backup)');
    expect(stderr).toMatch(/→ .+/);
    expect(stderr).toContain('Nothing was changed.');
  });

  it('backups says where they are kept when there are none yet', async () => {
    const { code, stdout } = await cli(['backups']);
    expect(code).toBe(0);
    expect(stdout).toContain(`No backups yet in ${path.join(home, 'backups')}`);
  });
});

describe('status-desktop backup → data changed → restore, on the real engine', () => {
  let stack: DataStack;
  const passphrase = { STATUS_BACKUP_PASSPHRASE: 'correct horse battery staple' };
  const psql = (sql: string) => stack.psql('statusdb', sql);
  const redis = (...args: string[]) => stack.redis(...args);
  /** The CLI on the data stack's settings folder, project, test images and subnet. */
  const stackCli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    cli(args, { ...stack.env, STATUS_DESKTOP_HOME: stack.home, ...env });

  beforeAll(async () => {
    stack = await createDataStack('st-cli-backup');
    await stack.up();
    await psql(
      "CREATE TABLE cli_probe (id int PRIMARY KEY, note text); INSERT INTO cli_probe VALUES (1, 'evidence')",
    );
    await redis('SET', 'cli:probe', 'kept');
  }, 600_000);
  afterAll(async () => {
    await stack?.remove();
  });

  it('brings the rows, keys and secrets back as they were at the backup', async () => {
    const backup = await stackCli(['backup', '--with-secrets'], passphrase);
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(/^postgres\/statusdb\.pgdump\s+captured\s+.*\(pg_dump\)$/m);
    expect(backup.stdout).toContain('with the secrets (encrypted)');
    const file = /^Backup written: (\S+) /m.exec(backup.stdout)?.[1] ?? '';
    expect(path.dirname(file)).toBe(path.join(stack.home, 'backups'));
    expect(path.basename(file)).toMatch(
      new RegExp(`^status-${stack.project.name}-\\d{8}T\\d{6}Z\\.statusbackup$`),
    );

    const list = await stackCli(['backups']);
    expect(list.stdout).toMatch(
      new RegExp(`^${file.replace(/[.*+?^$()|[\]\\]/g, '\\$&')}\\s+\\d{4}-\\d\\d-\\d\\d .* UTC\\s+\\d`, 'm'),
    );

    await psql("UPDATE cli_probe SET note = 'tampered'; INSERT INTO cli_probe VALUES (2, 'later')");
    await redis('DEL', 'cli:probe');

    const unasked = await stackCli(['restore', file]);
    expect(unasked.code).toBe(2);
    expect(unasked.stdout).toContain(`project   ${stack.project.name}`);
    expect(unasked.stdout).toMatch(/^\s+postgres\/statusdb\.pgdump\s+\S+ \S?B\s+pg_dump$/m);
    expect(unasked.stderr).toContain('Add --yes');
    expect(await psql('SELECT note FROM cli_probe ORDER BY id')).toContain('later');

    const restore = await stackCli(['restore', file, '--yes', '--with-secrets'], passphrase);
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
    expect(restore.stdout).toMatch(/^postgres\/statusdb\.pgdump\s+restored\s+/m);
    expect(restore.stdout).toContain("The backup's secrets are stored in");
    expect((await psql('SELECT id, note FROM cli_probe ORDER BY id')).trim()).toBe('1|evidence');
    expect((await redis('GET', 'cli:probe')).trim()).toBe('kept');
  });
});
