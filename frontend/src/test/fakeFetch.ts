// A scriptable fetch for tests: routes by "METHOD path" (path relative to the API base), records calls.
import { vi } from 'vitest';

export interface FakeCall {
  method: string;
  path: string;
  body: unknown;
}
type Handler = (call: FakeCall, n: number) => Response | Promise<Response>;

/** Answers the app's requests with `fetch` until the test ends (vitest.setup.ts unstubs globals
 *  after each test): the client calls the global fetch, so production code has no test seam. */
export function stubFetch(fetch: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>): void {
  vi.stubGlobal('fetch', fetch);
}

export function json(status: number, body?: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

export function fakeFetch(routes: Record<string, Handler>, base = '/backend') {
  const calls: FakeCall[] = [];
  const counts = new Map<string, number>();
  const fn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://localhost');
    const path = url.pathname.startsWith(base) ? url.pathname.slice(base.length) : url.pathname;
    const method = (init?.method ?? 'GET').toUpperCase();
    const call: FakeCall = { method, path, body: init?.body ? JSON.parse(String(init.body)) : undefined };
    calls.push(call);
    const key = `${method} ${path}`;
    const n = (counts.get(key) ?? 0) + 1;
    counts.set(key, n);
    const handler = routes[key];
    if (!handler) return json(404, { message: `No fake for ${key}` });
    return handler(call, n);
  });
  return { fetch: fn as unknown as typeof fetch, calls, count: (key: string) => counts.get(key) ?? 0 };
}
