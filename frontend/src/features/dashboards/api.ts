// Calls of the dashboards pages: Grafana through the backend (never Grafana's API directly).
import type {
  DashboardWithMeta,
  GrafanaDashboardBody,
  GrafanaFolder,
  GrafanaFolderBody,
  GrafanaSearchHit,
  SaveDashboardResult,
} from '@backend/contract';
import { api } from '../../api';

export const DASHBOARDS_KEY = 'grafana';
export const dashboardKey = (uid: string) => `grafana/dashboard:${uid}`;

export const dashboardsApi = {
  folders: (signal?: AbortSignal) => api.get<GrafanaFolder[]>('/grafana/folder', { signal }),
  dashboards: (signal?: AbortSignal) =>
    api.get<GrafanaSearchHit[]>('/grafana/search', { query: { type: 'dash-db', limit: 5000 }, signal }),
  createFolder: (body: GrafanaFolderBody) => api.post<GrafanaFolder>('/grafana/folder', body),
  deleteFolder: (uid: string) => api.delete<unknown>(`/grafana/folder/${encodeURIComponent(uid)}`),
  /** The backend's schema: `{dashboard: {title, panels?}, folderUid?}` (the original sent `{name, folderId}`). */
  createDashboard: (title: string, folderUid: string | null) => {
    const body: GrafanaDashboardBody = { dashboard: { title, panels: [] }, folderUid, overwrite: false };
    return api.post<SaveDashboardResult>('/grafana/dashboard', body);
  },
  dashboard: (uid: string, signal?: AbortSignal) =>
    api.get<DashboardWithMeta>(`/grafana/dashboard/${encodeURIComponent(uid)}`, { signal }),
  deleteDashboard: (uid: string) => api.delete<unknown>(`/grafana/dashboard/${encodeURIComponent(uid)}`),
};
