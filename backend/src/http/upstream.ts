// One JSON call to a service the API relies on (Grafana, Node-RED, the Governify registry), written
// once for their clients: fetch with a timeout; a service that is not there at all becomes the 503
// of http/errors.ts (the client's own error as its cause), any other failure to call the client's
// own error; the answer's body read and parsed. What an answer means stays with each client.
import { serviceUnavailable, unreachableReason } from './errors.js';

export interface Upstream {
  /** The Compose service, for the 503: 'grafana', 'nodered', 'registry'. */
  service: string;
  /** Its name in the 503's message: 'Grafana', 'The Governify registry'. */
  displayName: string;
  /** Its name at the start of the client's messages: 'Grafana', 'Node-RED', 'registry'. */
  label: string;
  /** Where "cannot reach …" says it looked: the base URL, or the service's name. */
  where: string;
  baseUrl: string;
  timeoutMs: number;
  doFetch: typeof fetch;
  /** The client's error for a call that failed without an answer. */
  failure: (message: string) => Error;
}

export interface UpstreamCall {
  method: string;
  /** Appended to the base URL. */
  path: string;
  /** The call in the client's messages: 'GET /api/search', 'endpoint /api/v1/check'. */
  what: string;
  /** The call in the 503's message (default `what`). */
  context?: string;
  /** Sent as JSON when defined. */
  json?: unknown;
  headers?: Record<string, string>;
}

export interface UpstreamAnswer {
  ok: boolean;
  status: number;
  statusText: string;
  /** The parsed JSON; the text when it is not JSON; undefined when empty. */
  body: unknown;
  isJson: boolean;
}

export async function callUpstream(u: Upstream, call: UpstreamCall): Promise<UpstreamAnswer> {
  const headers: Record<string, string> = { accept: 'application/json', ...call.headers };
  if (call.json !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await u.doFetch(u.baseUrl + call.path, {
      method: call.method,
      headers,
      body: call.json === undefined ? undefined : JSON.stringify(call.json),
      signal: AbortSignal.timeout(u.timeoutMs),
    });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    const timedOut = e.name === 'TimeoutError' || e.name === 'AbortError';
    const failure = u.failure(
      timedOut
        ? `${u.label} ${call.what}: no answer within ${u.timeoutMs} ms`
        : `${u.label} ${call.what}: cannot reach ${u.where} (${e.cause?.code ?? e.cause?.message ?? e.message})`,
    );
    const reason = unreachableReason(err, u.timeoutMs);
    if (reason)
      throw serviceUnavailable(u.service, u.displayName, reason, {
        context: call.context ?? call.what,
        cause: failure,
      });
    throw failure;
  }
  const text = await res.text().catch(() => '');
  let body: unknown = text || undefined;
  let isJson = false;
  try {
    if (text) [body, isJson] = [JSON.parse(text), true];
  } catch {
    // not JSON: keep the text
  }
  return { ok: res.ok, status: res.status, statusText: res.statusText, body, isJson };
}

/** The service's own `message` in an error answer, when it gave one as a string. */
export function upstreamMessage(body: unknown): string | undefined {
  return body && typeof body === 'object' && 'message' in body && typeof body.message === 'string'
    ? body.message
    : undefined;
}
