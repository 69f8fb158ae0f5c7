// One typed client for Grafana's HTTP API: base URL (may include a sub-path such as /grafana), a
// service-account token (Bearer; the launcher creates it, no admin password anywhere), a timeout,
// every answer checked with zod (answers.ts), and errors that never carry credentials. Grafana not
// answering at all is a ServiceUnavailableError (503, http/errors.ts); a bad answer a GrafanaError.
import type { z } from 'zod';
import type { Config } from '../../config.js';
import { callUpstream, upstreamMessage, type Upstream } from '../../http/upstream.js';
import {
  dashboardWithMetaAnswer,
  datasourcesAnswer,
  folderAnswer,
  foldersAnswer,
  healthAnswer,
  messageAnswer,
  objectAnswer,
  saveDashboardAnswer,
  searchAnswer,
  serviceAccountAnswer,
  shapeMessage,
  tokenAnswer,
  type DashboardJson,
  type SearchHit,
} from './answers.js';

export type { DashboardJson, DashboardWithMeta, Folder, SaveDashboardResult, SearchHit } from './answers.js';

export class GrafanaError extends Error {
  constructor(
    message: string,
    /** Grafana's status; undefined when Grafana did not answer. */
    readonly status?: number,
    /** Grafana's own `message`, when it gave one. */
    readonly upstreamMessage?: string,
    /** Grafana answered 2xx, but not in the shape the API documents. */
    readonly badShape = false,
  ) {
    super(message);
    this.name = 'GrafanaError';
  }
}

export interface GrafanaClientOptions {
  baseUrl: string;
  /** Service-account token (with or without the `Bearer ` prefix); the only credential. */
  token?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
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
  private readonly upstream: Upstream;
  private readonly auth?: string;

  constructor(opts: GrafanaClientOptions) {
    if (opts.token) this.auth = /^Bearer\s/i.test(opts.token) ? opts.token : `Bearer ${opts.token}`;
    this.upstream = {
      service: 'grafana',
      displayName: 'Grafana',
      label: 'Grafana',
      where: 'Grafana',
      baseUrl: opts.baseUrl.replace(/\/+$/, ''),
      timeoutMs: opts.timeoutMs ?? 5000,
      doFetch: opts.fetch ?? fetch,
      failure: (message) => new GrafanaError(message),
    };
  }

  static fromConfig(config: Config): GrafanaClient {
    return new GrafanaClient({
      baseUrl: config.GRAFANA_URL ?? 'http://localhost:3100/grafana',
      token: config.GRAFANA_API_KEY,
    });
  }

  /** Is a service-account token configured (without one Grafana refuses the API). */
  get hasToken(): boolean {
    return this.auth !== undefined;
  }

  // folders
  listFolders = () => this.call('GET', '/api/folders', foldersAnswer, 'the folder list');
  getFolder = (uid: string) => this.call('GET', `/api/folders/${enc(uid)}`, folderAnswer, 'a folder');
  createFolder = (f: { uid?: string; title: string; parentUid?: string; description?: string }) =>
    this.call('POST', '/api/folders', folderAnswer, 'the new folder', f);
  deleteFolder = (uid: string) =>
    this.call('DELETE', `/api/folders/${enc(uid)}`, messageAnswer, 'the folder deletion');

  // dashboards
  getDashboard = (uid: string) =>
    this.call('GET', `/api/dashboards/uid/${enc(uid)}`, dashboardWithMetaAnswer, 'a dashboard');
  saveDashboard = (body: {
    dashboard: DashboardJson;
    folderUid?: string | null;
    overwrite?: boolean;
    message?: string;
  }) => this.call('POST', '/api/dashboards/db', saveDashboardAnswer, 'the dashboard save', body);
  importDashboard = (body: {
    dashboard: DashboardJson;
    folderUid?: string | null;
    overwrite?: boolean;
    inputs?: unknown[];
  }) => this.call('POST', '/api/dashboards/import', objectAnswer, 'the dashboard import', body);
  deleteDashboard = (uid: string) =>
    this.call('DELETE', `/api/dashboards/uid/${enc(uid)}`, messageAnswer, 'the dashboard deletion');

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
    return this.call('GET', `/api/search?${p}`, searchAnswer, 'the dashboard search');
  }

  // datasources
  listDatasources = () => this.call('GET', '/api/datasources', datasourcesAnswer, 'the datasource list');
  createDatasource = (ds: Record<string, unknown>) =>
    this.call('POST', '/api/datasources', objectAnswer, 'the new datasource', ds);

  // service accounts
  createServiceAccount = (sa: { name: string; role: string; isDisabled?: boolean }) =>
    this.call('POST', '/api/serviceaccounts', serviceAccountAnswer, 'the new service account', {
      isDisabled: false,
      ...sa,
    });
  getServiceAccount = (id: number) =>
    this.call('GET', `/api/serviceaccounts/${id}`, serviceAccountAnswer, 'a service account');
  createServiceAccountToken = (id: number, t: { name: string; secondsToLive?: number }) =>
    this.call('POST', `/api/serviceaccounts/${id}/tokens`, tokenAnswer, 'the new token', t);

  // health (no credentials needed; /health/platform)
  health = () => this.call('GET', '/api/health', healthAnswer, 'the health check');

  private async call<S extends z.ZodType>(
    method: string,
    path: string,
    answer: S,
    what: string,
    body?: unknown,
  ): Promise<z.infer<S>> {
    const call = `${method} ${path.split('?')[0]}`;
    const a = await callUpstream(this.upstream, {
      method,
      path,
      what: call,
      json: body,
      headers: this.auth ? { authorization: this.auth } : {},
    });
    const parsed = a.isJson ? a.body : undefined;
    if (!a.ok) {
      const m = upstreamMessage(parsed) ?? a.statusText;
      throw new GrafanaError(`Grafana ${call} answered ${a.status}: ${m}`, a.status, m);
    }
    const checked = answer.safeParse(parsed);
    if (!checked.success) {
      const m = shapeMessage(what, answer, parsed);
      throw new GrafanaError(`${m} (${call})`, a.status, m, true);
    }
    return checked.data;
  }
}

const enc = (s: string) => encodeURIComponent(s);
