// A small local HTTP server speaking the subset of OpenAI's Assistants v2 API the backend uses:
// assistants create/update/delete, threads createAndRun/delete, messages create/list, runs
// create/retrieve. Runs complete when `completeRuns()` is called (or at once with autoComplete).
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeOpenAI {
  /** The SDK's baseURL (ends in /v1). */
  baseURL: string;
  apiKey: string;
  assistants: Map<string, Record<string, unknown>>;
  threads: Map<string, { messages: Record<string, unknown>[]; runs: Map<string, Record<string, unknown>> }>;
  requests: { method: string; path: string; auth?: string; body?: unknown }[];
  completeRuns: () => void;
  failNext: (status: number, message: string) => void;
  close: () => Promise<void>;
}

const id = (p: string) => `${p}_${randomBytes(8).toString('hex')}`;

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const t = Buffer.concat(chunks).toString();
  return t ? JSON.parse(t) : undefined;
}

export async function startFakeOpenAI(apiKey = 'sk-test-key'): Promise<FakeOpenAI> {
  const assistants: FakeOpenAI['assistants'] = new Map();
  const threads: FakeOpenAI['threads'] = new Map();
  const requests: FakeOpenAI['requests'] = [];
  let fail: { status: number; message: string } | undefined;
  const msg = (threadId: string, role: string, text: string) => ({
    id: id('msg'),
    object: 'thread.message',
    thread_id: threadId,
    role,
    content: [{ type: 'text', text: { value: text, annotations: [] } }],
    created_at: Math.floor(Date.now() / 1000),
  });
  const newRun = (threadId: string, assistantId: string) => ({
    id: id('run'),
    object: 'thread.run',
    thread_id: threadId,
    assistant_id: assistantId,
    status: 'queued',
  });

  const server = createServer((req, res) => {
    void (async () => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const err = (status: number, message: string) =>
        send(status, { error: { message, type: 'invalid_request_error' } });
      const body = (await readBody(req).catch(() => undefined)) as Record<string, unknown> | undefined;
      const b = body ?? {};
      const p = new URL(req.url ?? '/', 'http://x').pathname;
      requests.push({ method: req.method!, path: p, auth: req.headers.authorization, body });
      if (req.headers.authorization !== `Bearer ${apiKey}`) return err(401, 'Incorrect API key provided');
      if (fail) {
        const f = fail;
        fail = undefined;
        return err(f.status, f.message);
      }
      let m: RegExpExecArray | null;
      if (req.method === 'POST' && p === '/v1/assistants') {
        const a = { id: id('asst'), object: 'assistant', ...b };
        assistants.set(a.id, a);
        return send(200, a);
      }
      if ((m = /^\/v1\/assistants\/([^/]+)$/.exec(p))) {
        const a = assistants.get(m[1]!);
        if (!a) return err(404, `No assistant found with id '${m[1]}'.`);
        if (req.method === 'POST') return send(200, Object.assign(a, b));
        if (req.method === 'DELETE') {
          assistants.delete(m[1]!);
          return send(200, { id: m[1], object: 'assistant.deleted', deleted: true });
        }
      }
      if (req.method === 'POST' && p === '/v1/threads/runs') {
        const assistantId = b.assistant_id as string;
        if (!assistants.has(assistantId)) return err(404, `No assistant found with id '${assistantId}'.`);
        const threadId = id('thread');
        const messages = (
          (b.thread as { messages?: { role: string; content: string }[] })?.messages ?? []
        ).map((x) => msg(threadId, x.role, x.content));
        const run = newRun(threadId, assistantId);
        threads.set(threadId, { messages, runs: new Map([[run.id, run]]) });
        return send(200, run);
      }
      if ((m = /^\/v1\/threads\/([^/]+)(\/.*)?$/.exec(p))) {
        const t = threads.get(m[1]!);
        if (!t) return err(404, `No thread found with id '${m[1]}'.`);
        const rest = m[2] ?? '';
        if (rest === '' && req.method === 'DELETE') {
          threads.delete(m[1]!);
          return send(200, { id: m[1], object: 'thread.deleted', deleted: true });
        }
        if (rest === '/messages' && req.method === 'POST') {
          const x = msg(m[1]!, b.role as string, b.content as string);
          t.messages.push(x);
          return send(200, x);
        }
        if (rest === '/messages' && req.method === 'GET') {
          const data = [...t.messages].reverse();
          return send(200, {
            object: 'list',
            data,
            first_id: data[0]?.id,
            last_id: data.at(-1)?.id,
            has_more: false,
          });
        }
        if (rest === '/runs' && req.method === 'POST') {
          const run = newRun(m[1]!, b.assistant_id as string);
          t.runs.set(run.id, run);
          return send(200, run);
        }
        const r = /^\/runs\/([^/]+)$/.exec(rest);
        if (r && req.method === 'GET') {
          const run = t.runs.get(r[1]!);
          return run ? send(200, run) : err(404, `No run found with id '${r[1]}'.`);
        }
      }
      err(404, `Unknown path ${req.method} ${p}`);
    })().catch((e: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: String(e) } }));
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    apiKey,
    assistants,
    threads,
    requests,
    completeRuns: () => {
      for (const t of threads.values())
        for (const run of t.runs.values())
          if (run.status !== 'completed') {
            run.status = 'completed';
            t.messages.push(msg(String(run.thread_id), 'assistant', 'Here is the flow you asked for.'));
          }
    },
    failNext: (status, message) => (fail = { status, message }),
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
