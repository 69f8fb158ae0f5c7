// Tests only: a fake `fetch` for the API client that answers by method + path (under the default
// apiBase `/backend`) and records every call, so component tests run the real client code.
import { configureApi } from '../api';
import { stubFetch } from './fakeFetch';

export interface Call {
  method: string;
  path: string;
  body: unknown;
}
type Answer = { status?: number; body?: unknown };
type Reply = Answer | ((call: Call) => Answer | Promise<Answer>);

export function fakeBackend(routes: Record<string, Reply | Reply[]>) {
  const calls: Call[] = [];
  const queues = new Map(Object.entries(routes).map(([k, v]) => [k, Array.isArray(v) ? [...v] : [v]]));
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), 'http://localhost');
    const method = (init.method ?? 'GET').toUpperCase();
    const path = url.pathname.replace(/^\/backend/, '');
    const raw = typeof init.body === 'string' ? init.body : undefined;
    let body: unknown = raw;
    try {
      body = raw === undefined ? undefined : JSON.parse(raw);
    } catch {
      // text/plain bodies stay strings
    }
    const call = { method, path, body };
    calls.push(call);
    const queue = queues.get(`${method} ${path}`);
    // The last reply of a route repeats; earlier ones are used once each, in order.
    const next = queue && (queue.length > 1 ? queue.shift() : queue[0]);
    if (!next)
      return new Response(JSON.stringify({ message: `No route ${method} ${path}` }), { status: 404 });
    const r = typeof next === 'function' ? await next(call) : next;
    const status = r.status ?? 200;
    return new Response(status === 204 ? null : JSON.stringify(r.body ?? {}), {
      status,
      headers: { 'Content-Type': 'application/json' },
    });
  };
  stubFetch(fetch as typeof globalThis.fetch);
  configureApi({ onAuthLost: () => undefined });
  return { calls, fetch };
}
