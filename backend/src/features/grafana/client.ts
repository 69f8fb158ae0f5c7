// One typed client for Grafana's HTTP API: base URL (may include a sub-path such as /grafana),
// service-account token (Bearer) or basic auth, a timeout, and errors that never carry credentials.
import type { Config } from '../../config.js';

export class GrafanaError extends Error {
  constructor(
    message: string,
    /** Grafana's status; undefined when Grafana did not answer. */
    readonly status?: number,
    /** Grafana's own `message`, when it gave one. */
    readonly upstreamMessage?: string,
  ) {
    super(message);
    this.name = 'GrafanaError';
  }
}

export interface GrafanaClientOptions {
  baseUrl: string;
  /** Service-account token (with or without the `Bearer ` prefix); wins over basic auth. */
  token?: string;
  user?: string;
  password?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface Folder {
  id?: number;
  uid: string;
  title: string;
  parentUid?: string;
  [k: string]: unknown;
}
export interface SearchHit {
  id?: number;
  uid: string;
  title: string;
  type: string;
  folderUid?: string;
  [k: string]: unknown;
}
export interface DashboardJson {
  id?: number | null;
  uid?: string;
  title: string;
  panels?: Record<string, unknown>[];
  version?: number;
  [k: string]: unknown;
}
export interface DashboardWithMeta {
  meta: { folderUid?: string; [k: string]: unknown };
  dashboard: DashboardJson;
}
export interface SaveDashboardResult {
  id: number;
  uid: string;
  url: string;
  status: string;
  version: number;
  slug?: string;
}
export interface SearchQuery {
  query?: string;
  tag?: string[];
  type?: 'dash-db' | 'dash-folder';
  dashboardUIDs?: string[];
  folderUIDs?: string[];
  starred?: boolean;
  limit?: number;
  page?: number;
}

export class GrafanaClient {
  private readonly base: string;
  private readonly auth?: string;
  private readonly timeoutMs: number;
  private readonly doFetch: typeof fetch;

  constructor(opts: GrafanaClientOptions) {
    this.base = opts.baseUrl.replace(/\/+$/, '');
    if (opts.token) this.auth = /^Bearer\s/i.test(opts.token) ? opts.token : `Bearer ${opts.token}`;
    else if (opts.user && opts.password)
      this.auth = `Basic ${Buffer.from(`${opts.user}:${opts.password}`).toString('base64')}`;
    this.timeoutMs = opts.timeoutMs ?? 5000;
    this.doFetch = opts.fetch ?? fetch;
  }

  static fromConfig(config: Config): GrafanaClient {
    return new GrafanaClient({
      baseUrl: config.GRAFANA_URL ?? 'http://localhost:3100/grafana',
      token: config.GRAFANA_API_KEY,
      user: config.GRAFANA_USER,
      password: config.GRAFANA_PASSWORD,
    });
  }

  // folders
  listFolders = () => this.call<Folder[]>('GET', '/api/folders');
  getFolder = (uid: string) => this.call<Folder>('GET', `/api/folders/${enc(uid)}`);
  createFolder = (f: { uid?: string; title: string; parentUid?: string; description?: string }) =>
    this.call<Folder>('POST', '/api/folders', f);
  deleteFolder = (uid: string) => this.call<{ message?: string }>('DELETE', `/api/folders/${enc(uid)}`);

  // dashboards
  getDashboard = (uid: string) => this.call<DashboardWithMeta>('GET', `/api/dashboards/uid/${enc(uid)}`);
  saveDashboard = (body: {
    dashboard: DashboardJson;
    folderUid?: string | null;
    overwrite?: boolean;
    message?: string;
  }) => this.call<SaveDashboardResult>('POST', '/api/dashboards/db', body);
  importDashboard = (body: {
    dashboard: DashboardJson;
    folderUid?: string | null;
    overwrite?: boolean;
    inputs?: unknown[];
  }) => this.call<Record<string, unknown>>('POST', '/api/dashboards/import', body);
  deleteDashboard = (uid: string) =>
    this.call<{ title?: string; message?: string }>('DELETE', `/api/dashboards/uid/${enc(uid)}`);

  search(q: SearchQuery = {}): Promise<SearchHit[]> {
    const p = new URLSearchParams();
    if (q.query) p.set('query', q.query);
    if (q.type) p.set('type', q.type);
    for (const t of q.tag ?? []) p.append('tag', t);
    for (const u of q.dashboardUIDs ?? []) p.append('dashboardUIDs', u);
    for (const u of q.folderUIDs ?? []) p.append('folderUIDs', u);
    if (q.starred !== undefined) p.set('starred', String(q.starred));
    p.set('limit', String(q.limit ?? 1000));
    p.set('page', String(q.page ?? 1));
    return this.call<SearchHit[]>('GET', `/api/search?${p}`);
  }

  // datasources
  listDatasources = () => this.call<Record<string, unknown>[]>('GET', '/api/datasources');
  createDatasource = (ds: Record<string, unknown>) =>
    this.call<Record<string, unknown>>('POST', '/api/datasources', ds);

  // service accounts
  createServiceAccount = (sa: { name: string; role: string; isDisabled?: boolean }) =>
    this.call<Record<string, unknown>>('POST', '/api/serviceaccounts', { isDisabled: false, ...sa });
  getServiceAccount = (id: number) => this.call<Record<string, unknown>>('GET', `/api/serviceaccounts/${id}`);
  createServiceAccountToken = (id: number, t: { name: string; secondsToLive?: number }) =>
    this.call<{ id: number; name: string; key: string }>('POST', `/api/serviceaccounts/${id}/tokens`, t);

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.auth) headers.authorization = this.auth;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const what = `${method} ${path.split('?')[0]}`;
    let res: Response;
    try {
      res = await this.doFetch(this.base + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      throw new GrafanaError(
        e.name === 'TimeoutError'
          ? `Grafana ${what}: no answer within ${this.timeoutMs} ms`
          : `Grafana ${what}: cannot reach Grafana (${e.cause?.code ?? e.message})`,
      );
    }
    const text = await res.text().catch(() => '');
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!res.ok) {
      const m =
        parsed && typeof parsed === 'object' && 'message' in parsed && typeof parsed.message === 'string'
          ? parsed.message
          : res.statusText;
      throw new GrafanaError(`Grafana ${what} answered ${res.status}: ${m}`, res.status, m);
    }
    return parsed as T;
  }
}

const enc = (s: string) => encodeURIComponent(s);
