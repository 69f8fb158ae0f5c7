// `status-desktop serve`: the admin console and the LauncherApi over HTTP + WebSocket, for a
// browser on this machine (or, with an explicit flag, on the network). Protocol: api/ws-protocol.ts.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import WebSocket, { type WebSocketServer as WebSocketServerType } from 'ws';
import type { ApiError, ApiResult, LauncherApi } from '../api/contract.js';
import { callMethod, Subscriptions } from '../api/dispatch.js';
import { toApiError } from '../api/to-api-error.js';
import { API_PREFIX, EVENTS_PATH, type ServerMessage } from '../api/ws-protocol.js';
import { allowedHostNames, hostAllowed, isAuthorized, sameToken, TOKEN_COOKIE } from './auth.js';
import { plain, securityHeaders, serveStatic } from './static.js';

// ws 7 (what is installed) has only `WebSocket.Server`; its types (v8) name it WebSocketServer.
const WebSocketServer = (WebSocket as unknown as { Server: typeof WebSocketServerType }).Server;

export interface ServerOptions {
  launcher: LauncherApi;
  /** Default 127.0.0.1. Anything that is not loopback needs `allowRemote`. */
  host?: string;
  /** Default 7800; 0 picks a free port. */
  port?: number;
  token: string;
  /** The built console (desktop/dist/renderer). */
  staticDir?: string;
  allowRemote?: boolean;
  /** Largest request body (default 1 MiB). */
  maxBodyBytes?: number;
  /** A socket whose unsent data exceeds this is closed (default 16 MiB): a stalled browser can't pile up memory. */
  maxBufferedBytes?: number;
}

export interface RunningServer {
  host: string;
  port: number;
  /** http://host:port/ */
  url: string;
  /** The URL to open: sets the cookie and redirects to `url`. */
  loginUrl: string;
  close(): Promise<void>;
}

const STATUS_OF: Partial<Record<ApiError['code'], number>> = {
  INVALID_INPUT: 400,
  UNAUTHORIZED: 401,
  NOT_FOUND: 404,
  BUSY: 409,
  INTERNAL: 500,
};

function httpStatus(result: ApiResult<unknown>): number {
  if (result.ok) return 200;
  return STATUS_OF[result.error.code] ?? (result.error.code.startsWith('ENGINE_') ? 503 : 422);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.writeHead(status);
  res.end(text);
}

function sendError(res: ServerResponse, error: ApiError): void {
  const result: ApiResult<never> = { ok: false, error };
  sendJson(res, httpStatus(result), result);
}

const UNAUTHORIZED: ApiError = {
  code: 'UNAUTHORIZED',
  message: 'This request has no valid token.',
  hint: 'Open the address `status-desktop serve` printed (it contains the token), or send `Authorization: Bearer <token>`.',
};

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(Object.assign(new Error('too large'), { tooLarge: true }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  const loopback = host === 'localhost' || host === '::1' || host.startsWith('127.');
  if (!loopback && !opts.allowRemote) {
    throw new Error(
      `Refusing to serve on ${host}: anyone who can reach it could control the platform with the token. ` +
        'Pass --allow-remote (allowRemote) if that is what you want.',
    );
  }
  if (opts.token.length < 16) throw new Error('The token must be at least 16 characters long.');
  const staticDir = opts.staticDir ? resolve(opts.staticDir) : undefined;
  const maxBody = opts.maxBodyBytes ?? 1024 * 1024;
  const maxBuffered = opts.maxBufferedBytes ?? 16 * 1024 * 1024;
  const names = allowedHostNames(host);
  let port = opts.port ?? 7800;

  const wss = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024 });

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, toApiError(error));
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    securityHeaders(res, `ws://${req.headers.host ?? `${host}:${port}`}`);
    if (!hostAllowed(req, names, port)) {
      return plain(res, 421, 'This server does not answer to that host name. Use the address it printed.');
    }
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);

    // ?token= on a page URL: set the cookie, then drop the token from the address bar (and history).
    const given = url.searchParams.get('token');
    if (given !== null && req.method === 'GET' && !url.pathname.startsWith(API_PREFIX)) {
      if (!sameToken(given, opts.token))
        return plain(res, 401, 'That token is not valid. Use the address `status-desktop serve` printed.');
      url.searchParams.delete('token');
      res.setHeader(
        'Set-Cookie',
        `${TOKEN_COOKIE}=${encodeURIComponent(opts.token)}; HttpOnly; SameSite=Strict; Path=/`,
      );
      res.setHeader('Location', `${url.pathname}${url.search}`);
      res.writeHead(303);
      res.end();
      return;
    }

    if (!isAuthorized(req, opts.token)) {
      if (url.pathname.startsWith(API_PREFIX)) return sendError(res, UNAUTHORIZED);
      return plain(res, 401, `${UNAUTHORIZED.message} ${UNAUTHORIZED.hint}`);
    }

    if (url.pathname.startsWith(API_PREFIX)) {
      if (req.method !== 'POST') {
        res.setHeader('Allow', 'POST');
        return sendError(res, {
          code: 'INVALID_INPUT',
          message: `${req.method} is not supported on ${url.pathname}.`,
          hint: 'Call API methods with POST and a JSON array of arguments.',
        });
      }
      const type = req.headers['content-type'] ?? '';
      let body: string;
      try {
        body = await readBody(req, maxBody);
      } catch {
        return sendError(res, {
          code: 'INVALID_INPUT',
          message: `The request body is larger than ${maxBody} bytes.`,
          hint: 'Send smaller requests.',
        });
      }
      if (body.trim() && !/^application\/json\b/i.test(type)) {
        return sendError(res, {
          code: 'INVALID_INPUT',
          message: 'The request body must be JSON (Content-Type: application/json).',
          hint: 'Send the arguments as a JSON array.',
        });
      }
      let args: unknown = [];
      if (body.trim()) {
        try {
          args = JSON.parse(body);
        } catch {
          return sendError(res, {
            code: 'INVALID_INPUT',
            message: 'The request body is not valid JSON.',
            hint: 'Send the arguments as a JSON array, e.g. ["postgres"].',
          });
        }
      }
      if (!Array.isArray(args)) {
        return sendError(res, {
          code: 'INVALID_INPUT',
          message: 'The request body must be a JSON array of arguments.',
          hint: 'Wrap the arguments in [ ], e.g. [{"services": [], "tail": 200}].',
        });
      }
      const method = decodeURIComponent(url.pathname.slice(API_PREFIX.length));
      const result = await callMethod(opts.launcher, method, args);
      return sendJson(res, httpStatus(result), result);
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'Only GET is supported here.');
    if (!staticDir) return plain(res, 404, 'This server has no console to show (API only).');
    return serveStatic(staticDir, url.pathname, res);
  }

  server.on('upgrade', (req: IncomingMessage, socket, head) => {
    const reject = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== EVENTS_PATH) return reject(404, 'Not Found');
    if (!hostAllowed(req, names, port)) return reject(421, 'Misdirected Request');
    const given = url.searchParams.get('token');
    if (!isAuthorized(req, opts.token) && !(given !== null && sameToken(given, opts.token))) {
      return reject(401, 'Unauthorized');
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket) => {
    const send = (message: ServerMessage) => {
      if (ws.readyState !== WebSocket.OPEN) return;
      if (ws.bufferedAmount > maxBuffered) {
        ws.close(1013, 'The browser is not reading events fast enough; reconnecting.');
        return;
      }
      ws.send(JSON.stringify(message));
    };
    const subscriptions = new Subscriptions(opts.launcher, (_stream, id, payload) =>
      send({ type: 'event', id, payload }),
    );
    let alive = true;
    ws.on('pong', () => (alive = true));
    const heartbeat = setInterval(() => {
      if (!alive) return ws.terminate();
      alive = false;
      ws.ping();
    }, 30_000);
    ws.on('message', (data) => {
      let message: { type?: unknown; id?: unknown; stream?: unknown; args?: unknown };
      try {
        message = JSON.parse(String(data)) as typeof message;
      } catch {
        return;
      }
      if (message.type === 'subscribe') {
        const result = subscriptions.subscribe(message.stream, message.id, message.args ?? []);
        send({ type: 'subscribed', id: String(message.id), result });
      } else if (message.type === 'unsubscribe') {
        subscriptions.unsubscribe(message.id);
      }
    });
    ws.on('close', () => {
      clearInterval(heartbeat);
      subscriptions.close();
    });
    ws.on('error', () => ws.terminate());
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  const url = `http://${shownHost}:${port}/`;

  return {
    host,
    port,
    url,
    loginUrl: `${url}?token=${encodeURIComponent(opts.token)}`,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      const closed = new Promise<void>((done) => server.close(() => done()));
      server.closeAllConnections();
      await closed;
    },
  };
}
