// A typed client for Node-RED: the admin API (token, flows) and the HTTP-in endpoints the flows
// serve under `/api/v1` (httpNodeRoot of stack/node-red/settings.js), behind httpNodeAuth basic auth.
// Node-RED not answering at all is a ServiceUnavailableError (503, http/errors.ts) whose cause is the
// NodeRedError; an answer that is an error is a NodeRedError.
import type { Config } from '../../config.js';
import { callUpstream, upstreamMessage, type Upstream } from '../../http/upstream.js';

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
  private readonly upstream: Upstream;

  constructor(private readonly opts: NodeRedClientOptions) {
    const baseUrl = opts.baseUrl.replace(/\/+$/, '');
    this.upstream = {
      service: 'nodered',
      displayName: 'Node-RED',
      label: 'Node-RED',
      where: baseUrl,
      baseUrl,
      timeoutMs: opts.timeoutMs ?? DEFAULT_NODE_RED_TIMEOUT_MS,
      doFetch: opts.fetch ?? fetch,
      failure: (message) => new NodeRedError(message),
    };
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

  // The NodeRedError of a call that got no answer stays the 503's cause, so callers that tell
  // "Node-RED not there" from "the flow failed" (runs/scheduler.ts nodeRedUnavailable) still can.
  private async request<T>(
    method: string,
    path: string,
    o: { what: string; json?: unknown; headers?: Record<string, string> },
  ): Promise<T> {
    const a = await callUpstream(this.upstream, {
      method,
      path,
      ...o,
      context: `${o.what} at ${this.upstream.baseUrl}`,
    });
    if (!a.ok) {
      const detail =
        upstreamMessage(a.body) ??
        (typeof a.body === 'string' && a.body ? a.body.slice(0, 200) : a.statusText);
      throw new NodeRedError(`Node-RED ${o.what} answered ${a.status}: ${detail}`, a.status, a.body);
    }
    return a.body as T;
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
