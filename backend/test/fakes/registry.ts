// A small local HTTP server speaking the subset of the Governify registry the backend uses:
// GET/PUT/POST /api/v6/agreements[/:id] and GET /api/v6/states/:id/guarantees (canned states).
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRegistry {
  url: string;
  agreements: Map<string, Record<string, unknown>>;
  states: Map<string, unknown[]>;
  requests: { method: string; path: string; token?: string }[];
  close: () => Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const t = Buffer.concat(chunks).toString();
  return t ? JSON.parse(t) : undefined;
}

export async function startFakeRegistry(): Promise<FakeRegistry> {
  const agreements: FakeRegistry['agreements'] = new Map();
  const states: FakeRegistry['states'] = new Map();
  const requests: FakeRegistry['requests'] = [];
  const server = createServer((req, res) => {
    void (async () => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const u = new URL(req.url ?? '/', 'http://x');
      const body = (await readBody(req).catch(() => undefined)) as Record<string, unknown> | undefined;
      const tok = req.headers['x-access-token'];
      requests.push({
        method: req.method!,
        path: u.pathname + u.search,
        token: typeof tok === 'string' ? tok : undefined,
      });
      let m: RegExpExecArray | null;
      if (req.method === 'POST' && u.pathname === '/api/v6/agreements') {
        if (!body?.id) return send(400, { message: 'id required' });
        agreements.set(String(body.id), body);
        return send(200, body);
      }
      if ((m = /^\/api\/v6\/agreements\/([^/]+)$/.exec(u.pathname))) {
        const a = agreements.get(m[1]!);
        if (req.method === 'GET') return a ? send(200, a) : send(404, { message: 'Agreement not found' });
        if (req.method === 'PUT') {
          if (!a) return send(404, { message: 'Agreement not found' });
          agreements.set(m[1]!, body!);
          return send(200, body);
        }
      }
      if ((m = /^\/api\/v6\/states\/([^/]+)\/guarantees$/.exec(u.pathname)) && req.method === 'GET') {
        if (!agreements.has(m[1]!)) return send(404, { message: 'Agreement not found' });
        return send(200, states.get(m[1]!) ?? []);
      }
      send(404, { message: 'Not found' });
    })().catch((e: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: String(e) }));
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    agreements,
    states,
    requests,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
