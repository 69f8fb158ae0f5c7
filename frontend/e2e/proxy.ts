// The production door, in Node: what stack/proxy/default.conf (reverse proxy) and frontend/nginx.conf
// (static files, SPA fallback) do together, on one origin:
//   /backend/…  → backend /api/v1/… (headers and cookies pass both ways)
//   /node-red/… → Node-RED, prefix stripped (websockets too)
//   /grafana/…  → the Grafana stand-in, prefix kept
//   /config.js  → as frontend/entrypoint.sh writes it
//   anything else → frontend/dist, falling back to index.html for client-side routes.
// It records every backend request so tests can count them (e.g. refreshes).
import { createReadStream, existsSync, statSync } from 'node:fs';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import path from 'node:path';

export interface Upstreams {
  backend: string;
  nodeRed: string;
  grafana: string;
}

export interface BackendCall {
  method: string;
  /** Path as the browser sent it, e.g. /backend/users/auth/refresh. */
  path: string;
  status: number;
}

export interface FrontDoor {
  url: string;
  /** Every request that went to the backend, in order, with the status it got. */
  backendCalls: BackendCall[];
  /** Set once the upstreams are running (the backend needs this server's URL first). */
  setUpstreams: (u: Upstreams) => void;
  close: () => Promise<void>;
}

const CONFIG_JS = `window.STATUS_CONFIG = {
  apiBase: "/backend",
  grafanaBase: "/grafana",
  nodeRedBase: "/node-red"
};
`;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** Where a request goes: an upstream base URL and the path to ask it for, or the static files. */
function route(u: Upstreams, url: string): { target: string; path: string } | null {
  if (url.startsWith('/backend/'))
    return { target: u.backend, path: `/api/v1/${url.slice('/backend/'.length)}` };
  if (url.startsWith('/node-red/')) return { target: u.nodeRed, path: `/${url.slice('/node-red/'.length)}` };
  if (url.startsWith('/grafana/')) return { target: u.grafana, path: url };
  return null;
}

function forward(
  req: IncomingMessage,
  res: ServerResponse,
  target: string,
  upstreamPath: string,
  done: (status: number) => void,
): void {
  const t = new URL(target);
  const up = httpRequest(
    {
      host: t.hostname,
      port: t.port,
      method: req.method,
      path: upstreamPath,
      headers: {
        ...req.headers,
        'x-forwarded-for': req.socket.remoteAddress ?? '',
        'x-forwarded-proto': 'http',
        'x-forwarded-host': req.headers.host ?? '',
        'x-real-ip': req.socket.remoteAddress ?? '',
      },
    },
    (upRes) => {
      res.writeHead(upRes.statusCode ?? 502, upRes.rawHeaders);
      upRes.pipe(res);
      done(upRes.statusCode ?? 502);
    },
  );
  up.on('error', (err) => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
    res.end(`front door: upstream ${target} failed: ${err.message}`);
    done(502);
  });
  req.pipe(up);
}

function serveStatic(distDir: string, req: IncomingMessage, res: ServerResponse): void {
  const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  const file = path.join(distDir, path.normalize(pathname));
  const inside = file.startsWith(distDir + path.sep);
  const hit = inside && existsSync(file) && statSync(file).isFile();
  // nginx.conf: try_files $uri $uri/ /index.html; /assets/ are 404 when missing (no HTML for a .js).
  if (!hit && pathname.startsWith('/assets/')) {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
    return;
  }
  const served = hit ? file : path.join(distDir, 'index.html');
  const immutable = hit && pathname.startsWith('/assets/');
  res.writeHead(200, {
    'content-type': TYPES[path.extname(served)] ?? 'application/octet-stream',
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(served)
    .on('error', (err) => res.destroy(err)) // dist/ replaced under us (a concurrent build): fail this request only
    .pipe(res);
}

export async function startFrontDoor(distDir: string): Promise<FrontDoor> {
  let upstreams: Upstreams | undefined;
  const backendCalls: BackendCall[] = [];
  const sockets = new Set<Socket>();

  const server: Server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (url === '/config.js' || url.startsWith('/config.js?')) {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' });
      res.end(CONFIG_JS);
      return;
    }
    if (url === '/node-red' || url === '/grafana') {
      res.writeHead(301, { location: `${url}/` });
      res.end();
      return;
    }
    const r = upstreams && route(upstreams, url);
    if (!r) return serveStatic(distDir, req, res);
    const call: BackendCall | undefined = url.startsWith('/backend/')
      ? { method: req.method ?? 'GET', path: url, status: 0 }
      : undefined;
    if (call) backendCalls.push(call);
    forward(req, res, r.target, r.path, (status) => {
      if (call) call.status = status;
    });
  });

  // Websockets (the Node-RED editor's /comms): a raw TCP pipe after replaying the upgrade request.
  server.on('upgrade', (req: IncomingMessage, client: Socket, head: Buffer) => {
    const r = upstreams && route(upstreams, req.url ?? '/');
    if (!r) return client.destroy();
    const t = new URL(r.target);
    const up = connect(Number(t.port), t.hostname, () => {
      const lines = [`${req.method} ${r.path} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2)
        lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      up.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length) up.write(head);
      up.pipe(client).pipe(up);
    });
    sockets.add(up).add(client);
    const drop = () => {
      up.destroy();
      client.destroy();
    };
    up.on('error', drop).on('close', drop);
    client.on('error', drop).on('close', drop);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    backendCalls,
    setUpstreams: (u) => (upstreams = u),
    close: async () => {
      for (const s of sockets) s.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
