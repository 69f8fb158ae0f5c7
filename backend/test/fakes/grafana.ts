// A small local HTTP server speaking the documented subset of Grafana's HTTP API: folders,
// dashboards (db, import, uid get/delete), search, datasources, service accounts and tokens.
// It checks the Authorization header, keeps everything in memory and records the requests.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeGrafana {
  url: string;
  requests: { method: string; path: string; auth?: string; body?: unknown }[];
  dashboards: Map<string, { dashboard: Record<string, unknown>; folderUid?: string }>;
  folders: Map<string, { uid: string; title: string; parentUid?: string }>;
  /** Make the next request answer with this status and message. */
  failNext: (status: number, message: string) => void;
  /** Make the next API request answer with this status and raw JSON body (shape tests). */
  replyNext: (status: number, body: unknown) => void;
  close: () => Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const t = Buffer.concat(chunks).toString();
  return t ? JSON.parse(t) : undefined;
}

/** `subPath` mimics GF_SERVER_SERVE_FROM_SUB_PATH (e.g. /grafana). */
export async function startFakeGrafana(o: { auth: string; subPath?: string }): Promise<FakeGrafana> {
  const sub = o.subPath ?? '';
  const requests: FakeGrafana['requests'] = [];
  const dashboards: FakeGrafana['dashboards'] = new Map();
  const folders: FakeGrafana['folders'] = new Map();
  const datasources: Record<string, unknown>[] = [];
  const accounts = new Map<number, Record<string, unknown>>();
  let nextId = 1;
  let fail: { status: number; message: string } | undefined;
  let reply: { status: number; body: unknown } | undefined;

  const server: Server = createServer((req, res) => {
    void (async () => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const u = new URL(req.url ?? '/', 'http://x');
      const body = await readBody(req).catch(() => undefined);
      const b = (body ?? {}) as Record<string, unknown>;
      requests.push({
        method: req.method!,
        path: u.pathname + u.search,
        auth: req.headers.authorization,
        body,
      });
      if (!u.pathname.startsWith(`${sub}/api/`)) return send(404, { message: 'Not found' });
      const health = req.method === 'GET' && u.pathname === `${sub}/api/health`; // public in Grafana
      if (!health && req.headers.authorization !== o.auth) return send(401, { message: 'Unauthorized' });
      if (reply) {
        const r = reply;
        reply = undefined;
        return send(r.status, r.body);
      }
      if (fail) {
        const f = fail;
        fail = undefined;
        return send(f.status, { message: f.message });
      }
      const p = u.pathname.slice(sub.length);
      const m = (re: RegExp) => re.exec(p);
      let r: RegExpExecArray | null;
      if (req.method === 'GET' && p === '/api/health')
        return send(200, { database: 'ok', version: '11.4.0', commit: 'fake' });
      if (req.method === 'GET' && p === '/api/folders') return send(200, [...folders.values()]);
      if (req.method === 'POST' && p === '/api/folders') {
        if (typeof b.title !== 'string') return send(400, { message: 'title required' });
        const f = {
          uid: (b.uid as string) ?? randomUUID().slice(0, 12),
          title: b.title,
          parentUid: b.parentUid as string,
        };
        if (folders.has(f.uid)) return send(409, { message: 'a folder with the same uid already exists' });
        folders.set(f.uid, f);
        return send(200, { id: nextId++, ...f });
      }
      if ((r = m(/^\/api\/folders\/([^/]+)$/))) {
        const f = folders.get(r[1]!);
        if (!f) return send(404, { message: 'folder not found' });
        if (req.method === 'GET') return send(200, f);
        if (req.method === 'DELETE') {
          folders.delete(f.uid);
          return send(200, { message: 'Folder deleted' });
        }
      }
      if (req.method === 'POST' && (p === '/api/dashboards/db' || p === '/api/dashboards/import')) {
        const d = b.dashboard as Record<string, unknown> | undefined;
        if (!d || typeof d.title !== 'string')
          return send(400, { message: 'Dashboard title cannot be empty' });
        const uid = (d.uid as string) || randomUUID().slice(0, 14);
        const existing = dashboards.get(uid);
        if (existing && !b.overwrite && existing.dashboard.version !== d.version)
          return send(412, {
            message: 'The dashboard has been changed by someone else',
            status: 'version-mismatch',
          });
        const version = ((existing?.dashboard.version as number) ?? 0) + 1;
        dashboards.set(uid, {
          dashboard: { ...d, uid, version, id: nextId++ },
          folderUid: b.folderUid as string,
        });
        return send(200, {
          id: nextId,
          uid,
          url: `${sub}/d/${uid}/x`,
          status: 'success',
          version,
          slug: 'x',
        });
      }
      if ((r = m(/^\/api\/dashboards\/uid\/([^/]+)$/))) {
        const d = dashboards.get(r[1]!);
        if (!d) return send(404, { message: 'Dashboard not found' });
        if (req.method === 'GET')
          return send(200, { meta: { folderUid: d.folderUid ?? '' }, dashboard: d.dashboard });
        if (req.method === 'DELETE') {
          dashboards.delete(r[1]!);
          return send(200, { title: d.dashboard.title, message: 'Dashboard deleted' });
        }
      }
      if (req.method === 'GET' && p === '/api/search') {
        const folderUIDs = u.searchParams.getAll('folderUIDs');
        const hits = [...dashboards.values()]
          .filter((d) => !folderUIDs.length || folderUIDs.includes(d.folderUid ?? ''))
          .map((d) => ({
            uid: d.dashboard.uid,
            title: d.dashboard.title,
            type: 'dash-db',
            folderUid: d.folderUid || undefined,
          }));
        return send(200, hits);
      }
      if (p === '/api/datasources') {
        if (req.method === 'GET') return send(200, datasources);
        const ds = { id: nextId++, ...b };
        datasources.push(ds);
        return send(200, { datasource: ds, id: ds.id, message: 'Datasource added', name: b.name });
      }
      if (req.method === 'POST' && p === '/api/serviceaccounts') {
        const sa = {
          id: nextId++,
          name: b.name,
          login: `sa-${String(b.name)}`,
          role: b.role,
          isDisabled: b.isDisabled,
        };
        accounts.set(sa.id, sa);
        return send(201, sa);
      }
      if ((r = m(/^\/api\/serviceaccounts\/(\d+)$/)) && req.method === 'GET') {
        const sa = accounts.get(Number(r[1]));
        return sa ? send(200, sa) : send(404, { message: 'service account not found' });
      }
      if ((r = m(/^\/api\/serviceaccounts\/(\d+)\/tokens$/)) && req.method === 'POST') {
        if (!accounts.has(Number(r[1]))) return send(404, { message: 'service account not found' });
        return send(200, { id: nextId++, name: b.name, key: `glsa_${randomUUID().replace(/-/g, '')}` });
      }
      send(404, { message: 'Not found' });
    })().catch((err: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: String(err) }));
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${sub}`,
    requests,
    dashboards,
    folders,
    failNext: (status, message) => (fail = { status, message }),
    replyNext: (status, body) => (reply = { status, body }),
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
