// The built console (desktop/dist/renderer) as static files, with the SPA fallback and strict
// security headers. Files are read per request (the folder is small and may be rebuilt while the
// server runs).
import { readFile, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
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

/** Same-origin everything; WebSocket to this server only; no framing, no plugins, no inline script. */
export function contentSecurityPolicy(wsOrigin: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' ${wsOrigin}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function securityHeaders(res: ServerResponse, wsOrigin: string): void {
  res.setHeader('Content-Security-Policy', contentSecurityPolicy(wsOrigin));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

async function fileIfExists(path: string): Promise<string | undefined> {
  try {
    return (await stat(path)).isFile() ? path : undefined;
  } catch {
    return undefined;
  }
}

/** Serves `pathname` from `root`: the file, else index.html for app routes (paths without an extension). */
export async function serveStatic(root: string, pathname: string, res: ServerResponse): Promise<void> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return plain(res, 400, 'Bad path.');
  }
  const relative = normalize(decoded).replace(/^([/\\])+/, '');
  const full = join(root, relative);
  if (decoded.includes('\0') || (full !== root && !full.startsWith(root.endsWith(sep) ? root : root + sep))) {
    return plain(res, 404, 'Not found.');
  }
  let file = relative ? await fileIfExists(full) : undefined;
  if (!file && !extname(relative)) file = await fileIfExists(join(root, 'index.html'));
  if (!file) {
    if (!relative || !extname(relative)) {
      return plain(
        res,
        503,
        'The console is not built yet. Run `npm run build:renderer` in desktop/ (or `npm start`, which builds it), then reload.',
      );
    }
    return plain(res, 404, 'Not found.');
  }
  const body = await readFile(file);
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  res.setHeader('Content-Type', type);
  // Hashed asset names can be cached; the page itself must always be fresh.
  res.setHeader('Cache-Control', file.endsWith('index.html') ? 'no-store' : 'private, max-age=3600');
  res.writeHead(200);
  res.end(body);
}

export function plain(res: ServerResponse, status: number, text: string): void {
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.writeHead(status);
  res.end(`${text}\n`);
}
