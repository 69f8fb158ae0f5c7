// The console is served from `app://console/` (a privileged custom scheme), not file://: it gets a
// real origin the IPC handlers can check, and every response carries a strict Content-Security-Policy.
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { protocol } from 'electron';

export const CONSOLE_SCHEME = 'app';
export const CONSOLE_HOST = 'console';
export const CONSOLE_ORIGIN = `${CONSOLE_SCHEME}://${CONSOLE_HOST}`;
export const CONSOLE_URL = `${CONSOLE_ORIGIN}/`;

/**
 * Scripts only from the console itself (no inline script, no eval). Inline styles are allowed
 * because UI libraries set them at run time; the console talks to the engine over IPC only, so it
 * connects nowhere. Images may be data: URLs (QR codes).
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "frame-src 'none'",
  "object-src 'none'",
].join('; ');

/**
 * True for a URL of the console. Compares scheme and host: Node's URL gives custom schemes an
 * opaque origin ("null"), so `origin` cannot be compared in the main process.
 */
export function isConsoleUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return (
      url.protocol === `${CONSOLE_SCHEME}:` && url.host === CONSOLE_HOST && !url.username && !url.password
    );
  } catch {
    return false;
  }
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONSOLE_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/** Must run before the app is ready (Electron only accepts privileged schemes then). */
export function registerConsoleScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: CONSOLE_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serve `rendererDir` (the built console) at app://console/; call once the app is ready. */
export function serveConsole(rendererDir: string): void {
  protocol.handle(CONSOLE_SCHEME, (request) => consoleResponse(request.url, rendererDir));
}

function respond(status: number, body: BodyInit | null, contentType: string): Response {
  return new Response(body, { status, headers: { 'Content-Type': contentType, ...SECURITY_HEADERS } });
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * The response for one app:// request: a file of the console, index.html for client-side routes
 * (paths without an extension), 404 otherwise. Nothing outside `rendererDir` is ever read.
 */
export async function consoleResponse(rawUrl: string, rendererDir: string): Promise<Response> {
  const url = new URL(rawUrl);
  if (url.host !== CONSOLE_HOST) return respond(404, 'Not found', 'text/plain; charset=utf-8');
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return respond(400, 'Bad request', 'text/plain; charset=utf-8');
  }
  const root = normalize(rendererDir + sep);
  const file = normalize(join(root, pathname === '/' ? 'index.html' : pathname));
  if (!file.startsWith(root) || pathname.includes('\0')) {
    return respond(404, 'Not found', 'text/plain; charset=utf-8');
  }
  const index = join(root, 'index.html');
  const target = (await isFile(file)) ? file : extname(pathname) === '' ? index : undefined;
  if (!target || !(await isFile(target))) {
    const body =
      target === index
        ? 'The console has not been built. Run `npm run build:renderer --workspace desktop` and start the app again.'
        : 'Not found';
    return respond(404, body, 'text/plain; charset=utf-8');
  }
  const type = CONTENT_TYPES[extname(target).toLowerCase()] ?? 'application/octet-stream';
  return respond(200, new Uint8Array(await readFile(target)), type);
}
