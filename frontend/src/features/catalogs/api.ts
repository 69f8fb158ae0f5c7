// The catalogs feature's calls to the backend (paths under /api/v1, see backend catalogs router).
import type {
  Catalog,
  CatalogDraftBody,
  CatalogFinalizeResponse,
  CatalogUpdateBody,
  Computation,
  Control,
  GrafanaFolder,
  GrafanaSearchHit,
  GrafanaTemplateBody,
  Point,
  PublishStatus,
  SaveDashboardResult,
} from '@backend/contract';
import { api } from '../../api';

export const catalogsApi = {
  list: (q: { name?: string; status?: PublishStatus | '' }, signal?: AbortSignal) =>
    api.list<Catalog>('/catalogs', {
      query: { name: q.name || undefined, status: q.status || undefined },
      signal,
    }),
  get: (id: number, signal?: AbortSignal) => api.get<Catalog>(`/catalogs/${id}`, { signal }),
  createDraft: (body: CatalogDraftBody) => api.post<Catalog>('/catalogs/drafts', body),
  update: (id: number, body: CatalogUpdateBody) => api.patch<Catalog>(`/catalogs/${id}`, body),
  finalize: (id: number) => api.patch<CatalogFinalizeResponse>(`/catalogs/${id}/finalize`),
  remove: (id: number) => api.delete(`/catalogs/${id}`),
  controls: (id: number, signal?: AbortSignal) => api.list<Control>(`/catalogs/${id}/controls`, { signal }),
  /** The registry's points of a finalized catalog (its tpaId). */
  points: (tpaId: string, signal?: AbortSignal) =>
    api.list<Point>(`/points/catalog/${encodeURIComponent(tpaId)}`, { signal }),
};

/** Every control and the newest computations: enough for compliance badges in one pair of calls. */
export const overviewApi = {
  controls: (signal?: AbortSignal) => api.list<Control>('/controls', { signal }),
  /** The newest `limit` computations only (one page). */
  recentComputations: (limit: number, signal?: AbortSignal) =>
    api.get<Computation[]>('/computations', { query: { limit }, signal }),
  /** The newest `limit` computations of a control only (one page). */
  controlComputations: (controlId: number, limit: number, signal?: AbortSignal) =>
    api.get<Computation[]>(`/controls/${controlId}/computations`, { query: { limit }, signal }),
};

export const grafanaApi = {
  folders: (signal?: AbortSignal) => api.get<GrafanaFolder[]>('/grafana/folder', { signal }),
  dashboards: (signal?: AbortSignal) =>
    api.get<GrafanaSearchHit[]>('/grafana/search', { query: { type: 'dash-db' }, signal }),
  createFromTemplate: (body: GrafanaTemplateBody) =>
    api.post<{ message: string; dashboard: SaveDashboardResult }>('/grafana/dashboard/template', body),
};
