// One HTTP call with a timeout, measured, its body parsed as JSON when it is JSON. Shared by the
// request, GitHub, STATUS API nodes and the ledger client (Node 20's global fetch: no dependencies).

export interface HttpCall {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  timeoutMs?: number;
}

export interface HttpAnswer {
  statusCode: number;
  headers: Record<string, string>;
  body: unknown;
  durationMs: number;
}

/** Thrown when no HTTP answer arrived at all (refused, DNS, timeout). */
export class NetworkError extends Error {}

export async function httpCall(call: HttpCall): Promise<HttpAnswer> {
  const headers: Record<string, string> = { accept: 'application/json, text/plain, */*', ...call.headers };
  let body: string | undefined;
  if (call.body !== undefined && call.method !== 'GET' && call.method !== 'HEAD') {
    body = typeof call.body === 'string' ? call.body : JSON.stringify(call.body);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
      headers['content-type'] = typeof call.body === 'string' ? 'text/plain' : 'application/json';
  }
  const started = Date.now();
  let res: Response;
  let text: string;
  try {
    res = await fetch(call.url, {
      method: call.method,
      headers,
      body,
      signal: AbortSignal.timeout(call.timeoutMs ?? 30_000),
    });
    text = await res.text();
  } catch (err) {
    throw new NetworkError(`${call.method} ${call.url} failed: ${describeFetchError(err)}`);
  }
  const answerHeaders: Record<string, string> = {};
  res.headers.forEach((value, key) => (answerHeaders[key] = value));
  return {
    statusCode: res.status,
    headers: answerHeaders,
    body: parseBody(text, answerHeaders),
    durationMs: Date.now() - started,
  };
}

function parseBody(text: string, headers: Record<string, string>): unknown {
  const type = headers['content-type'] ?? '';
  if (!text) return type.includes('json') ? null : '';
  if (type.includes('json') || /^\s*[[{]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/** fetch says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND, timeout) is in err.cause. */
export function describeFetchError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  if (err.name === 'TimeoutError') return 'no answer before the timeout';
  const cause = (err as Error & { cause?: unknown }).cause;
  if (cause instanceof Error) {
    const code = (cause as Error & { code?: string }).code;
    return code ? `${code} (${cause.message})` : cause.message;
  }
  return err.message;
}

/** A short excerpt of an error body for messages. */
export function excerpt(body: unknown, max = 200): string {
  const s = typeof body === 'string' ? body : JSON.stringify(body);
  if (!s) return '';
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

export function basicAuth(user: string, password: string): string {
  return `Basic ${btoa(unescape(encodeURIComponent(`${user}:${password}`)))}`;
}
