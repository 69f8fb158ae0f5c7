// The controls feature's calls to the backend: controls, their runs and computations, scope sets,
// Grafana panel links and the Node-RED flows a control can run (always through the backend).
import type {
  Catalog,
  Computation,
  Control,
  ControlDraftBody,
  ControlPanel,
  ControlUpdateBody,
  GrafanaPanelBody,
  GrafanaPanelCreated,
  GrafanaSearchHit,
  NodeRedFlowNode,
  RunResult,
  Scope,
  ScopeSet,
} from '@backend/contract';
import { api, isApiError } from '../../../api';

export const controlsApi = {
  get: (id: number, signal?: AbortSignal) => api.get<Control>(`/controls/${id}`, { signal }),
  catalog: (id: number, signal?: AbortSignal) => api.get<Catalog>(`/catalogs/${id}`, { signal }),
  createDraft: (body: ControlDraftBody) => api.post<Control>('/controls/drafts', body),
  update: (id: number, body: ControlUpdateBody) => api.patch<Control>(`/controls/${id}`, body),
  remove: (id: number) => api.delete(`/controls/${id}`),
  run: (id: number, scope?: Record<string, unknown>) =>
    api.post<RunResult>(`/controls/${id}/run`, scope ? { scope } : {}),
  /** The newest 100 computations only (one page). */
  computations: (id: number, signal?: AbortSignal) =>
    api.get<Computation[]>(`/controls/${id}/computations`, { query: { limit: 100 }, signal }),
  panels: (id: number, signal?: AbortSignal) => api.get<ControlPanel[]>(`/controls/${id}/panels`, { signal }),
  linkPanel: (id: number, panelId: string, dashboardUid: string) =>
    api.post<{ message: string; data: ControlPanel }>(
      `/controls/${id}/panel/${encodeURIComponent(panelId)}`,
      {
        dashboardUid,
      },
    ),
  unlinkPanel: (id: number, panelId: string) =>
    api.delete(`/controls/${id}/panels/${encodeURIComponent(panelId)}`),
};

/** A panel of a Grafana dashboard as GET /grafana/dashboard/:uid/panel describes it. */
export interface DashboardPanel {
  id: number;
  title: string;
  type: string;
}

export const grafanaPanelsApi = {
  dashboards: (signal?: AbortSignal) =>
    api.get<GrafanaSearchHit[]>('/grafana/search', { query: { type: 'dash-db' }, signal }),
  /** A new panel of `type` over this control's computations (the backend writes its SQL). */
  create: (uid: string, body: GrafanaPanelBody) =>
    api.post<GrafanaPanelCreated>(`/grafana/dashboard/${encodeURIComponent(uid)}/panel`, body),
  /** The backend answers 404 "No panels found in dashboard" for an empty one: an empty list here. */
  panels: async (uid: string, signal?: AbortSignal) => {
    try {
      return await api.get<DashboardPanel[]>(`/grafana/dashboard/${encodeURIComponent(uid)}/panel`, {
        signal,
      });
    } catch (e) {
      if (isApiError(e) && e.status === 404 && /No panels/.test(e.message)) return [];
      throw e;
    }
  },
};

export const scopeSetsApi = {
  ofControl: (controlId: number, signal?: AbortSignal) =>
    api.list<ScopeSet>(`/scopes/sets/control/${controlId}`, { signal }),
  create: (controlId: number, scopes: Record<string, string | number | boolean>) =>
    api.post<ScopeSet>('/scopes/sets', { controlId, scopes }),
  update: (id: number, scopes: Record<string, string | number | boolean>) =>
    api.put<ScopeSet>(`/scopes/sets/${id}`, { scopes }),
  remove: (id: number) => api.delete(`/scopes/sets/${id}`),
  scopes: (signal?: AbortSignal) => api.list<Scope>('/scopes', { signal }),
};

export const flowsApi = {
  /** The flat node list of the deployed flows (DEVELOPER/ADMIN; 404 when Node-RED is not configured). */
  nodes: (signal?: AbortSignal) => api.get<NodeRedFlowNode[]>('/nodered/flows', { signal }),
};
