// `status-desktop serve`: the admin console in a browser (headless mode). Binds 127.0.0.1 by
// default; prints the address with the token; Ctrl+C stops the server (the platform keeps running).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createLauncher } from '../launcher/launcher.js';
import { allowedHostNames, isLoopback, resolveServeToken } from '../server/auth.js';
import { startServer } from '../server/server.js';

export interface ServeOptions {
  port?: string;
  host?: string;
  token?: string;
  open?: boolean;
  allowRemote?: boolean;
  compose?: string;
}

/** desktop/dist/renderer, built by `npm run build:renderer`. */
export function defaultStaticDir(): string {
  return fileURLToPath(new URL('../../dist/renderer', import.meta.url));
}

function openInBrowser(url: string): void {
  const command =
    process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(command, [url], { stdio: 'ignore', detached: true });
  child.on('error', () =>
    process.stderr.write(`Could not open a browser (${command}); open the address above.\n`),
  );
  child.unref();
}

export async function serve(
  opts: ServeOptions,
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
  const host = opts.host ?? '127.0.0.1';
  const port = opts.port === undefined ? 7800 : Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    err(`--port must be a port number from 1 to 65535 (got "${opts.port}").`);
    return 2;
  }
  if (!isLoopback(host) && !opts.allowRemote) {
    err(
      `Serving on ${host} lets anyone who can reach this machine and has the token control the platform.\n` +
        '  → Add --allow-remote if that is what you want (then keep the token secret), or leave --host out.',
    );
    return 2;
  }
  const launcher = await createLauncher({
    composeFile: opts.compose,
    onWarning: (m) => err(`warning: ${m}`),
  });
  let token: string;
  let stored: string | undefined;
  try {
    ({ token, stored } = await resolveServeToken(launcher.home, opts.token));
  } catch (error) {
    await launcher.close();
    err((error as Error).message);
    return 2;
  }
  const staticDir = defaultStaticDir();
  let server;
  try {
    server = await startServer({ launcher, host, port, token, staticDir, allowRemote: opts.allowRemote });
  } catch (error) {
    await launcher.close();
    const code = (error as NodeJS.ErrnoException).code;
    err(
      code === 'EADDRINUSE'
        ? `Port ${port} on ${host} is already in use.\n  → Stop what uses it, or pick another port with --port.`
        : `Could not start the server: ${(error as Error).message}`,
    );
    return 1;
  }
  if (!isLoopback(host)) {
    err(`warning: serving on ${host}: anyone on the network who has the token can control STATUS.`);
  }
  out('STATUS Desktop console (headless)');
  out(`  Open  ${server.loginUrl}`);
  // The platform's address, as the console's STATUS / Grafana / Node-RED links spell it (its public
  // URL): a browser keeps a sign-in per host name, so signing in there once holds for every link.
  // The console keeps its own loopback name: cookies ignore ports, and one host name for both
  // would send the console's token cookie to every service of the platform.
  const platform = await launcher.urls().catch(() => undefined);
  if (platform) out(`  STATUS is at ${platform.status} (the console's links open this address)`);
  if (!isLoopback(host)) {
    const query = server.loginUrl.slice(server.url.length);
    // IPv4 only: that is what 0.0.0.0 listens on, and what people type.
    for (const name of allowedHostNames(host)) {
      if (/^\d+\.\d+\.\d+\.\d+$/.test(name) && !isLoopback(name)) {
        out(`  or    http://${name}:${server.port}/${query}`);
      }
    }
  }
  out(
    stored
      ? `  The token is kept in ${stored} (readable by you only).`
      : '  The token was given on the command line.',
  );
  if (!existsSync(`${staticDir}/index.html`)) {
    err(
      'warning: the console is not built yet: run `npm run build:renderer` in desktop/ (the API works without it).',
    );
  }
  out('Press Ctrl+C to stop the console; the platform keeps running.');
  if (opts.open) openInBrowser(server.loginUrl);

  await new Promise<void>((resolveStop) => {
    const stop = () => resolveStop();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  out('\nStopping the console…');
  await server.close();
  await launcher.close();
  return 0;
}
