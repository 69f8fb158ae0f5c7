// The "floor" of `npm run bench` (bench/api.bench.ts): a bare node:http server, no framework, with
// `pg` and `ioredis` used directly, that answers the benchmarked routes with the same SQL, the same
// Redis work and the same JSON as the backend:
//   GET  /                         {"message":"Welcome to the API!"}
//   GET  /api/v1/catalogs          every catalog, the backend's list SQL (JSON built by PostgreSQL)
//   GET  /api/v1/catalogs/:id      one catalog
//   POST /api/v1/users/signIn      limiter check, user row, bcrypt compare, limiter reset, the
//                                  TokenService's Redis writes, access/refresh/Node-RED JWTs, cookies
//   POST /api/v1/controls/:id/run  load the control, POST to its Node-RED endpoint, one INSERT
//   GET  /api/v1/health            readiness probe for the bench
// Authenticated routes check the accessToken cookie as the backend does: JWT signature + one Redis GET
// of the session family. It reads the backend's environment (bench/server-env.ts) and PORT.
// It is the reference: what the answers cost with nothing but the necessary work. It shares with
// the backend only what defines the answers (SQL text, the period window, the user document, a run's
// payload and result shapes), never its framework, middleware, clients or repositories' I/O.
import { createHmac, createSecretKey, randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import bcrypt from 'bcryptjs';
import { Redis } from 'ioredis';
import jwt from 'jsonwebtoken';
import pg from 'pg';
import { CATALOG_JSON, CatalogsRepository } from '../src/features/catalogs/repository.js';
import {
  CONTROL_COLUMNS,
  flowPayload,
  RECORD_RUN_SQL,
  recordRunValues,
  runResult,
  startRun,
  type ControlRow,
} from '../src/features/runs/service.js';
import { toPublicUser, USER_BY_USERNAME_SQL, type UserRow } from '../src/features/users/repository.js';

const env = (k: string): string => {
  const v = process.env[k];
  if (!v) throw new Error(`floor: ${k} is not set`);
  return v;
};

pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v)); // as src/db/pool.ts
const db = new pg.Pool({
  host: env('DB_HOST'),
  port: Number(env('DB_PORT')),
  database: env('DB_NAME'),
  user: env('DB_USER'),
  password: env('DB_PASSWORD'),
  max: 10, // the backend's pool size
  application_name: 'status-bench-floor',
});
const redis = new Redis({
  host: env('DRAGONFLY_HOST'),
  port: Number(env('DRAGONFLY_PORT')),
  password: env('DRAGONFLY_PASSWORD'),
  maxRetriesPerRequest: 1,
});
// Key objects made once (as the backend's TokenService does): given strings, jsonwebtoken would
// try a public key and build a secret key on every call.
const JWT_SECRET = createSecretKey(Buffer.from(env('JWT_SECRET')));
const REFRESH_JWT_SECRET = createSecretKey(Buffer.from(env('REFRESH_JWT_SECRET')));
const NODE_RED_URL = (process.env.NODE_RED_URL ?? 'http://localhost:1880').replace(/\/+$/, '');
const NODE_RED_KEY = createSecretKey(
  Buffer.from(
    createHmac('sha256', env('JWT_SECRET')).update('status:node-red-editor-token').digest('base64'),
  ),
);
const ACCESS_TTL = 15 * 60;
const REFRESH_TTL = 7 * 24 * 60 * 60;
const NODE_RED_TTL = 12 * 60 * 60;

// ---- catalogs: the backend's own SQL (src/features/catalogs/repository.ts), which builds each
// catalog's JSON in PostgreSQL; the floor only joins the rows.
const catalogList = new CatalogsRepository(db).listQuery({});
const LIST_SQL = `SELECT (${catalogList.item})::text AS j ${catalogList.from} ORDER BY ${catalogList.orderBy}`;
const ONE_SQL = `SELECT (${CATALOG_JSON})::text AS j FROM catalogs WHERE id = $1`;

// ---- users and runs: the backend's SQL, period arithmetic and user document
// (src/features/users/repository.ts, src/features/runs/service.ts, src/features/controls/periods.ts).
const CONTROL_SQL = `SELECT ${CONTROL_COLUMNS} FROM controls WHERE id = $1`;

// ---- HTTP plumbing
class Answer extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(String(status));
  }
}

function send(res: ServerResponse, status: number, body: unknown, cookies?: string[]): void {
  sendRaw(res, status, JSON.stringify(body), cookies);
}

function sendRaw(res: ServerResponse, status: number, s: string, cookies?: string[]): void {
  const headers: http.OutgoingHttpHeaders = {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(s),
  };
  if (cookies) headers['set-cookie'] = cookies;
  res.writeHead(status, headers);
  res.end(s);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  if (!chunks.length) return {};
  try {
    const v: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new Answer(400, { message: 'Malformed JSON body' });
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** The access token: signature and expiry, then the session family still active in Redis. */
async function authenticate(req: IncomingMessage, roles?: string[]): Promise<jwt.JwtPayload> {
  const token = cookie(req, 'accessToken');
  if (!token) throw new Answer(401, { message: 'No token provided' });
  let c: jwt.JwtPayload;
  try {
    const d = jwt.verify(token, JWT_SECRET, { algorithms: ['HS256'] });
    if (typeof d === 'string' || typeof d.fam !== 'string') throw new Error('bad payload');
    c = d;
  } catch {
    throw new Answer(401, { message: 'Unauthorized: invalid token' });
  }
  if ((await redis.get(`auth:fam:${c.fam as string}`)) !== 'active')
    throw new Answer(401, { message: 'Unauthorized: session has ended, please sign in again' });
  if (roles && !roles.includes(c.role as string)) throw new Answer(403, { message: 'Forbidden' });
  return c;
}

const cookieLine = (name: string, value: string, maxAge: number, path = '/') =>
  `${name}=${encodeURIComponent(value)}; Max-Age=${maxAge}; Path=${path}; ` +
  `Expires=${new Date(Date.now() + maxAge * 1000).toUTCString()}; HttpOnly; SameSite=Lax`;

async function signIn(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readJson(req);
  const username = typeof body.username === 'string' ? body.username : '';
  const password = typeof body.password === 'string' ? body.password : '';
  if (!username || !password) throw new Answer(400, { message: 'Invalid request body' });
  // The rate limiter's check (src/features/auth/rate-limit.ts).
  const uk = `auth:fail:user:${username.trim().toLowerCase()}`;
  const ak = `auth:fail:addr:${req.socket.remoteAddress ?? 'unknown'}`;
  const lim = await redis.multi().get(uk).pttl(uk).get(ak).pttl(ak).exec();
  if (Number(lim?.[0]?.[1] ?? 0) >= 5 || Number(lim?.[2]?.[1] ?? 0) >= 20)
    throw new Answer(429, { message: 'Too many failed sign-in attempts.' });
  const row = (await db.query<UserRow>(USER_BY_USERNAME_SQL, [username])).rows[0];
  const ok = row?.password_hash ? await bcrypt.compare(password, row.password_hash) : false;
  if (!row || !ok) {
    await redis.multi().incr(uk).expire(uk, 900, 'NX').incr(ak).expire(ak, 900, 'NX').exec();
    throw new Answer(401, { message: 'Invalid username or password' });
  }
  if (row.totp_enabled)
    throw new Answer(401, { message: 'TOTP is not part of the floor', requires2FA: true });
  await redis.del(uk);
  // TokenService.issue (src/features/auth/tokens.ts): a new family, its refresh jti, three JWTs.
  const sub = String(row.id);
  const family = randomUUID();
  const jti = randomUUID();
  const famKey = `auth:fam:${family}`;
  const userKey = `auth:user:${sub}:families`;
  await redis
    .multi()
    .set(`auth:rt:${jti}`, 'active', 'EX', REFRESH_TTL)
    .set(famKey, 'active', 'EX', REFRESH_TTL)
    .sadd(userKey, family)
    .expire(userKey, REFRESH_TTL)
    .exec();
  const iat = Math.floor(Date.now() / 1000);
  const refreshToken = jwt.sign({ sub, fam: family, iat }, REFRESH_JWT_SECRET, {
    algorithm: 'HS256',
    expiresIn: REFRESH_TTL,
    jwtid: jti,
  });
  const accessToken = jwt.sign(
    {
      sub,
      username: row.username,
      role: row.role,
      ...(row.email ? { email: row.email } : {}),
      fam: family,
      iat,
    },
    JWT_SECRET,
    { algorithm: 'HS256', expiresIn: ACCESS_TTL, jwtid: randomUUID() },
  );
  const nodeRedToken = jwt.sign(
    { sub, username: row.username, role: row.role, fam: family, iat },
    NODE_RED_KEY,
    {
      algorithm: 'HS256',
      expiresIn: NODE_RED_TTL,
      audience: 'node-red',
      jwtid: randomUUID(),
    },
  );
  send(
    res,
    200,
    {
      ...toPublicUser(row),
      nodeRedAccess: row.role !== 'USER',
    },
    [
      cookieLine('accessToken', accessToken, ACCESS_TTL),
      cookieLine('refreshToken', refreshToken, REFRESH_TTL),
      cookieLine('nodeRedToken', nodeRedToken, NODE_RED_TTL, '/node-red'),
    ],
  );
}

async function runControl(req: IncomingMessage, res: ServerResponse, id: number): Promise<void> {
  await authenticate(req, ['ADMIN', 'DEVELOPER']);
  const body = await readJson(req);
  const scope = (body.scope ?? {}) as Record<string, unknown>;
  const control = (await db.query<ControlRow>(CONTROL_SQL, [id])).rows[0];
  if (!control) throw new Answer(404, { message: 'Control not found' });
  const pe = control.params?.endpoint;
  const endpoint = control.endpoint || (typeof pe === 'string' ? pe : '');
  if (!endpoint) throw new Answer(400, { message: `Control ${control.id} has no Node-RED endpoint` });
  const run = startRun(control, scope, new Date());
  const r = await fetch(`${NODE_RED_URL}/api/v1/${endpoint.replace(/^\/?(api\/v1\/)?\/*/, '')}`, {
    method: 'POST',
    headers: {
      accept: 'application/json',
      'content-type': 'application/json',
      'x-access-token': cookie(req, 'accessToken')!,
    },
    body: JSON.stringify(flowPayload(control.params, run)),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await r.text();
  const answer = (text ? JSON.parse(text) : {}) as { value?: unknown; evidences?: unknown };
  const evidences = Array.isArray(answer.evidences) ? (answer.evidences as Record<string, unknown>[]) : [];
  const value =
    typeof answer.value === 'boolean'
      ? answer.value
      : evidences.length
        ? evidences.every((e) => e.result === true)
        : undefined;
  if (!r.ok || value === undefined) throw new Answer(502, { message: `Node-RED answered ${r.status}` });
  const ins = await db.query<{ id: string }>(RECORD_RUN_SQL, recordRunValues(run, value, evidences));
  send(res, 200, runResult(run, value, evidences, ins.rows[0]!.id));
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  let m: RegExpExecArray | null;
  if (req.method === 'GET') {
    if (path === '/') return send(res, 200, { message: 'Welcome to the API!' });
    if (path === '/api/v1/health') return send(res, 200, { status: 'ok' });
    if (path === '/api/v1/catalogs') {
      await authenticate(req);
      const r = await db.query<{ j: string }>(LIST_SQL, catalogList.params);
      return sendRaw(res, 200, `[${r.rows.map((row) => row.j).join(',')}]`);
    }
    if ((m = /^\/api\/v1\/catalogs\/([1-9]\d{0,8})$/.exec(path))) {
      await authenticate(req);
      const row = (await db.query<{ j: string }>(ONE_SQL, [Number(m[1])])).rows[0];
      if (!row) throw new Answer(404, { message: 'Catalog not found' });
      return sendRaw(res, 200, row.j);
    }
  } else if (req.method === 'POST') {
    if (path === '/api/v1/users/signIn') return signIn(req, res);
    if ((m = /^\/api\/v1\/controls\/([1-9]\d{0,8})\/run$/.exec(path)))
      return runControl(req, res, Number(m[1]));
  }
  send(res, 404, { message: `No route ${req.method} ${path}` });
}

const server = http.createServer((req, res) => {
  handle(req, res).catch((err: unknown) => {
    if (res.headersSent || req.destroyed) return res.destroy(); // e.g. autocannon's cut-off at the end
    if (err instanceof Answer) return send(res, err.status, err.body);
    console.error('floor:', err);
    send(res, 500, { message: 'Internal server error' });
  });
});
server.keepAliveTimeout = 5000;
server.listen(Number(env('PORT')), '127.0.0.1');

const stop = () => {
  server.close();
  server.closeAllConnections();
  void Promise.allSettled([db.end(), redis.quit()]).then(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
