// A throwaway HTTP server on 127.0.0.1 for network nodes' tests: records requests, answers with
// whatever the test's handler returns.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export interface Answer {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  delayMs?: number;
}

export interface TestServer {
  url: string;
  requests: Recorded[];
  close(): Promise<void>;
}

export async function startServer(
  handler: (req: Recorded, base: string) => Answer | Promise<Answer>,
): Promise<TestServer> {
  const requests: Recorded[] = [];
  let base = '';
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      let body: unknown = raw;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        // keep the text
      }
      const rec = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      requests.push(rec);
      void Promise.resolve(handler(rec, base)).then(async (a) => {
        if (a.delayMs) await new Promise((r) => setTimeout(r, a.delayMs));
        const text = typeof a.body === 'string' ? a.body : JSON.stringify(a.body ?? {});
        res.writeHead(a.status ?? 200, {
          'content-type': typeof a.body === 'string' ? 'text/plain' : 'application/json',
          ...a.headers,
        });
        res.end(text);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on (for "unreachable" tests). */
export async function deadUrl(): Promise<string> {
  const s = await startServer(() => ({}));
  await s.close();
  return s.url;
}
