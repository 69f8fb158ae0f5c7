// Calls of the scopes page: scope definitions and the scope sets of a control.
import type {
  Control,
  Scope,
  ScopeCreateBody,
  ScopeSet,
  ScopeSetCreateBody,
  ScopeSetUpdateBody,
  ScopeUpdateBody,
} from '@backend/contract';
import { api } from '../../../api';

export const SCOPES_KEY = 'scopes';
export const scopeSetsKey = (controlId: number) => `scopes/sets:${controlId}`;
export const ALL_SETS_KEY = 'scopes/sets:all';

export const scopesApi = {
  list: (signal?: AbortSignal) => api.list<Scope>('/scopes', { signal }),
  create: (body: ScopeCreateBody) => api.post<Scope>('/scopes', body),
  update: (id: string, body: ScopeUpdateBody) => api.put<Scope>(`/scopes/${id}`, body),
  remove: (id: string) => api.delete(`/scopes/${id}`),

  controls: (signal?: AbortSignal) => api.list<Control>('/controls', { signal }),
  /** Every scope set of every control (to say which sets use a scope before it is deleted). */
  allSets: (signal?: AbortSignal) => api.list<ScopeSet>('/scopes/sets', { signal }),
  sets: (controlId: number, signal?: AbortSignal) =>
    api.list<ScopeSet>('/scopes/sets', { query: { controlId }, signal }),
  createSet: (body: ScopeSetCreateBody) => api.post<ScopeSet>('/scopes/sets', body),
  updateSet: (id: number, body: ScopeSetUpdateBody) => api.put<ScopeSet>(`/scopes/sets/${id}`, body),
  removeSet: (id: number) => api.delete(`/scopes/sets/${id}`),
};
