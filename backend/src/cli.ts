// Operator commands:
//   node dist/cli.js migrate                  apply pending migrations and exit
//   node dist/cli.js create-admin <username>  create an ADMIN (password from STATUS_ADMIN_PASSWORD
//                                             or the first line of stdin); no-op if the name exists
import { ensureAdmin } from './bootstrap.js';
import { ConfigError, loadConfig } from './config.js';
import { migrate } from './db/migrate.js';
import { waitForDatabase } from './db/wait-for-database.js';
import { createPool } from './db/pool.js';
import { createLogger } from './logger.js';

const USAGE = `usage: status-backend-cli migrate
       status-backend-cli create-admin <username>   (password: STATUS_ADMIN_PASSWORD or stdin)`;

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('password: ');
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

export async function run(argv: string[]): Promise<number> {
  const [command, arg] = argv;
  if (command !== 'migrate' && command !== 'create-admin') {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const config = loadConfig();
  const logger = createLogger(config);
  const db = createPool(config, { max: 2 });
  try {
    // Run as a one-off container next to a database that may still be starting: wait like the server.
    await waitForDatabase(config, { deadlineMs: config.STATUS_DB_WAIT_SECONDS * 1000, logger });
    await migrate(db, { logger });
    if (command === 'migrate') return 0;
    if (!arg || !/^[A-Za-z0-9]{1,60}$/.test(arg)) {
      process.stderr.write(`create-admin needs a username of 1-60 letters or digits\n${USAGE}\n`);
      return 2;
    }
    const password = process.env.STATUS_ADMIN_PASSWORD || (await readStdin());
    if (password.length < 8) {
      process.stderr.write('The password must be at least 8 characters.\n');
      return 2;
    }
    const result = await ensureAdmin(db, arg, password);
    process.stdout.write(
      result === 'created' ? `Admin "${arg}" created.\n` : `User "${arg}" already exists; nothing changed.\n`,
    );
    return 0;
  } finally {
    await db.end();
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(
      `${err instanceof ConfigError ? err.message : String((err as Error)?.message ?? err)}\n`,
    );
    process.exit(1);
  },
);
