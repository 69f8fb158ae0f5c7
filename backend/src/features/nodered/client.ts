// A typed client for Node-RED: the admin API (token, flows) and the HTTP-in endpoints the flows
// serve under `/api/v1` (httpNodeRoot of stack/node-red/settings.js), behind httpNodeAuth basic auth.
// Node-RED not answering at all is a ServiceUnavailableError (503, http/errors.ts) whose cause is the
// NodeRedError; an answer that is an error is a NodeRedError.
import type { Config } from '../../config.js';
import { serviceUnavailable, unreachableReason } from '../../http/errors.js';

export const DEFAULT_NODE_RED_TIMEOUT_MS = 10_000;

/** Any failure talking to Node-RED; `status` is Node-RED's HTTP status when it answered. */
export class NodeRedError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly body?: unknown,
  ) {
    super(message);
    this.name = 'NodeRedError';
  }
}

export interface NodeRedClientOptions {
  baseUrl: string;
  adminUser?: string;
  adminPassword?: string;
  httpUser?: string;
  httpPassword?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface NodeRedToken {
  access_token: string;
  expires_in: number;
  token_type: string;
}

export interface NodeRedFlowNode {
  id: string;
  type: string;
  z?: string;
  [key: string]: unknown;
}

export class NodeRedClient {
  private readonly base: string;
  private readonly timeoutMs: number;
  private readonly doFetch: typeof fetch;

  constructor(private readonly opts: NodeRedClientOptions) {
    this.base = opts.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_NODE_RED_TIMEOUT_MS;
    this.doFetch = opts.fetch ?? fetch;
  }

  static fromConfig(config: Config, timeoutMs?: number): NodeRedClient {
    return new NodeRedClient({
      baseUrl: config.NODE_RED_URL ?? 'http://localhost:1880',
      adminUser: config.NODE_RED_ADMIN_USER,
      adminPassword: config.NODE_RED_ADMIN_PASSWORD,
      httpUser: config.NODE_RED_HTTP_USER,
      httpPassword: config.NODE_RED_HTTP_PASSWORD,
      timeoutMs,
    });
  }

  /** Admin API token (password grant of Node-RED's adminAuth). */
  async adminToken(
    username = this.opts.adminUser,
    password = this.opts.adminPassword,
  ): Promise<NodeRedToken> {
    if (!username || !password)
      throw new NodeRedError('Node-RED admin credentials are not configured (NODE_RED_ADMIN_USER/PASSWORD)');
    const body = await this.request<NodeRedToken>('POST', '/auth/token', {
      what: 'admin token',
      json: { client_id: 'node-red-admin', grant_type: 'password', scope: '*', username, password },
    });
    if (!body || typeof body.access_token !== 'string')
      throw new NodeRedError('Node-RED admin token: the answer has no access_token');
    return body;
  }

  /** `GET /flows` with a Bearer admin token (fetched with the admin credentials when not given). */
  async listFlows(token?: string): Promise<NodeRedFlowNode[]> {
    const bearer = token ?? (await this.adminToken()).access_token;
    const body = await this.request<unknown>('GET', '/flows', {
      what: 'list flows',
      headers: { authorization: `Bearer ${bearer}`, 'node-red-api-version': 'v1' },
    });
    if (!Array.isArray(body)) throw new NodeRedError('Node-RED list flows: the answer is not an array');
    return body as NodeRedFlowNode[];
  }

  /**
   * POSTs `payload` to the HTTP-in endpoint `/api/v1/<endpoint>` with the httpNodeAuth basic auth.
   * `endpoint` is a path such as `check` or `/check`; it may not climb out of `/api/v1`.
   */
  async callEndpoint<T = unknown>(
    endpoint: string,
    payload: unknown,
    extraHeaders: Record<string, string> = {},
  ): Promise<T> {
    const path = endpointPath(endpoint);
    const headers: Record<string, string> = { ...extraHeaders };
    if (this.opts.httpUser && this.opts.httpPassword)
      headers.authorization = `Basic ${Buffer.from(`${this.opts.httpUser}:${this.opts.httpPassword}`).toString('base64')}`;
    return this.request<T>('POST', path, { what: `endpoint ${path}`, json: payload, headers });
  }

  private async request<T>(
    method: string,
    path: string,
    o: { what: string; json?: unknown; headers?: Record<string, string> },
  ): Promise<T> {
    const url = this.base + path;
    const headers: Record<string, string> = { accept: 'application/json', ...o.headers };
    if (o.json !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await this.doFetch(url, {
        method,
        headers,
        body: o.json === undefined ? undefined : JSON.stringify(o.json),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      const e = err as Error;
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      const timedOut = e.name === 'TimeoutError' || e.name === 'AbortError';
      const failure = new NodeRedError(
        timedOut
          ? `Node-RED ${o.what}: no answer within ${this.timeoutMs} ms`
          : `Node-RED ${o.what}: cannot reach ${this.base} (${cause?.code ?? cause?.message ?? e.message})`,
      );
      // Not there at all (refused, reset, DNS, timeout): 503 for this route only. The NodeRedError
      // stays its cause, so callers that tell "Node-RED not there" from "the flow failed"
      // (runs/scheduler.ts nodeRedUnavailable) still can.
      const reason = unreachableReason(err, this.timeoutMs);
      if (reason)
        throw serviceUnavailable('nodered', 'Node-RED', reason, {
          context: `${o.what} at ${this.base}`,
          cause: failure,
        });
      throw failure;
    }
    const text = await res.text().catch(() => '');
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    if (!res.ok) {
      const detail =
        body && typeof body === 'object' && 'message' in body && typeof body.message === 'string'
          ? body.message
          : typeof body === 'string' && body
            ? body.slice(0, 200)
            : res.statusText;
      throw new NodeRedError(`Node-RED ${o.what} answered ${res.status}: ${detail}`, res.status, body);
    }
    return body as T;
  }
}

/** `check`, `/check`, `/api/v1/check` → `/api/v1/check`; rejects `..`, queries and absolute URLs. */
export function endpointPath(endpoint: string): string {
  let e = endpoint.trim();
  if (e.startsWith('/api/v1/')) e = e.slice('/api/v1'.length);
  e = e.replace(/^\/+/, '');
  if (!e || !/^[A-Za-z0-9._~\-/]+$/.test(e) || e.split('/').some((s) => s === '..' || s === '.'))
    throw new NodeRedError(`invalid Node-RED endpoint "${endpoint}"`);
  return `/api/v1/${e}`;
}
