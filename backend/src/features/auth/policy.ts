// The one access policy of the API: method + route pattern (relative to the API prefix) → who may
// call it. The policy middleware consults this table for every request under the prefix, and a test
// walks it for every role and for anonymous callers. Routes not listed need a signed-in user of any
// role; features with stricter or public routes add their rows here.
import type { Role } from './tokens.js';

export type Access = 'public' | 'authenticated' | readonly Role[];
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface PolicyRule {
  method: Method;
  /** Express-style pattern relative to the API prefix: `/users/:id`; a trailing `/*` matches the rest. */
  path: string;
  access: Access;
}

export const ADMIN_ONLY: readonly Role[] = ['ADMIN'];

/** Access for routes not in the table. */
export const DEFAULT_ACCESS: Access = 'authenticated';

export const POLICY: readonly PolicyRule[] = [
  // users (features/users)
  { method: 'POST', path: '/users/signIn', access: 'public' },
  { method: 'POST', path: '/users/signOut', access: 'public' },
  { method: 'GET', path: '/users/signOut', access: 'public' },
  { method: 'POST', path: '/users/signUp', access: ADMIN_ONLY },
  { method: 'GET', path: '/users/auth', access: 'public' },
  { method: 'GET', path: '/users/auth/refresh', access: 'public' },
  { method: 'GET', path: '/users/auth/providers', access: 'public' }, // auth/github.ts
  // The reverse proxy's auth_request for /grafana/ (and Node-RED): checks the session itself (auth/verify.ts).
  { method: 'GET', path: '/auth/verify', access: 'public' },
  { method: 'GET', path: '/users/whoami', access: 'authenticated' },
  { method: 'GET', path: '/users', access: ADMIN_ONLY },
  { method: 'PATCH', path: '/users/:id', access: ADMIN_ONLY },
  { method: 'DELETE', path: '/users/:id', access: ADMIN_ONLY },
  { method: 'POST', path: '/users/2fa/setup', access: 'authenticated' },
  { method: 'POST', path: '/users/2fa/verify', access: 'authenticated' },
  { method: 'GET', path: '/users/2fa/status', access: 'authenticated' },
  { method: 'POST', path: '/users/2fa/disable', access: 'authenticated' },
  { method: 'GET', path: '/users/github', access: 'public' },
  { method: 'GET', path: '/users/github/callback', access: 'public' },
  // Node-RED and control runs (features/nodered, features/runs)
  { method: 'GET', path: '/nodered/token', access: ['ADMIN', 'DEVELOPER'] },
  { method: 'GET', path: '/nodered/flows', access: ['ADMIN', 'DEVELOPER'] },
  // Node-RED's adminAuth.tokens hook asks whom a nodeRedToken belongs to; the token is the credential.
  { method: 'GET', path: '/nodered/verify', access: 'public' },
  { method: 'POST', path: '/controls/:id/run', access: ['ADMIN', 'DEVELOPER'] },
  // the Governify registry starts computations with the token of whoever asked for points
  { method: 'POST', path: '/computations', access: 'authenticated' },
  { method: 'GET', path: '/catalogs/:tpaId/points', access: 'authenticated' }, // features/registry
  // Grafana (features/grafana): reads any signed-in user, writes DEVELOPER/ADMIN, credentials ADMIN.
  { method: 'GET', path: '/grafana/search', access: 'authenticated' },
  { method: 'GET', path: '/grafana/folder', access: 'authenticated' },
  { method: 'POST', path: '/grafana/folder', access: ['ADMIN', 'DEVELOPER'] },
  { method: 'GET', path: '/grafana/folder/:uid', access: 'authenticated' },
  { method: 'DELETE', path: '/grafana/folder/:uid', access: ['ADMIN', 'DEVELOPER'] },
  { method: 'GET', path: '/grafana/folder/:uid/dashboard', access: 'authenticated' },
  { method: 'POST', path: '/grafana/dashboard', access: ['ADMIN', 'DEVELOPER'] },
  { method: 'POST', path: '/grafana/dashboard/import', access: ['ADMIN', 'DEVELOPER'] },
  { method: 'POST', path: '/grafana/dashboard/template', access: ['ADMIN', 'DEVELOPER'] },
  { method: 'GET', path: '/grafana/dashboard/:uid', access: 'authenticated' },
  { method: 'DELETE', path: '/grafana/dashboard/:uid', access: ['ADMIN', 'DEVELOPER'] },
  { method: 'GET', path: '/grafana/dashboard/:uid/panel', access: 'authenticated' },
  { method: 'POST', path: '/grafana/dashboard/:uid/panel', access: ['ADMIN', 'DEVELOPER'] },
  { method: 'DELETE', path: '/grafana/dashboard/:uid/panel/:id', access: ['ADMIN', 'DEVELOPER'] },
  { method: 'PATCH', path: '/grafana/dashboard/:uid/panel/:id', access: ['ADMIN', 'DEVELOPER'] },
  { method: 'GET', path: '/grafana/dashboard/:uid/panel/query', access: 'authenticated' },
  { method: 'GET', path: '/grafana/dashboard/:uid/panel/:id/query', access: 'authenticated' },
  { method: 'GET', path: '/grafana/datasource', access: 'authenticated' },
  { method: 'POST', path: '/grafana/datasource', access: ADMIN_ONLY },
  { method: 'POST', path: '/grafana/serviceaccount', access: ADMIN_ONLY },
  { method: 'GET', path: '/grafana/serviceaccount/:id', access: ADMIN_ONLY },
  { method: 'POST', path: '/grafana/serviceaccount/:id/token', access: ADMIN_ONLY },
  { method: 'POST', path: '/grafana/sql/build', access: 'authenticated' },
  { method: 'POST', path: '/grafana/sql/parse', access: 'authenticated' },
  // AI assistant (features/assistant): threads are per user; assistants written by DEVELOPER/ADMIN.
  { method: 'GET', path: '/assistant', access: 'authenticated' },
  { method: 'GET', path: '/assistant/:id', access: 'authenticated' },
  { method: 'GET', path: '/assistant/:id/instructions', access: 'authenticated' },
  { method: 'POST', path: '/assistant', access: ['ADMIN', 'DEVELOPER'] },
  { method: 'POST', path: '/assistant/admin', access: ADMIN_ONLY },
  { method: 'PUT', path: '/assistant/:id/instructions', access: ['ADMIN', 'DEVELOPER'] },
  { method: 'DELETE', path: '/assistant/:id', access: ['ADMIN', 'DEVELOPER'] },
  { method: 'DELETE', path: '/assistant', access: ADMIN_ONLY },
  { method: 'GET', path: '/threads', access: ADMIN_ONLY },
  { method: 'GET', path: '/thread', access: 'authenticated' },
  { method: 'GET', path: '/thread/:gptId', access: 'authenticated' },
  { method: 'POST', path: '/thread', access: 'authenticated' },
  { method: 'POST', path: '/thread/:gptId', access: 'authenticated' },
  { method: 'PUT', path: '/thread/:gptId', access: 'authenticated' },
  { method: 'DELETE', path: '/thread/:gptId', access: 'authenticated' },
  { method: 'DELETE', path: '/thread', access: 'authenticated' },
  // domain (features/{scripts,catalogs,controls,computations,points,scopes,config,secrets}).
  // Reads: any signed-in user; writes: DEVELOPER or ADMIN; mass deletes and flags: ADMIN.
  { method: 'POST', path: '/scripts', access: ['ADMIN', 'DEVELOPER'] },
  { method: 'GET', path: '/scripts', access: 'authenticated' },
  { method: 'DELETE', path: '/scripts', access: ADMIN_ONLY },
  { method: 'POST', path: '/scripts/parse', access: 'authenticated' },
  { method: 'GET', path: '/scripts/:id', access: 'public' }, // Node-RED fetches the code
  { method: 'PUT', path: '/scripts/:id', access: ['ADMIN', 'DEVELOPER'] },
  { method: 'DELETE', path: '/scripts/:id', access: ['ADMIN', 'DEVELOPER'] },
  { method: 'GET', path: '/catalogs', access: 'authenticated' },
  { method: 'GET', path: '/catalogs/drafts', access: 'authenticated' },
  { method: 'POST', path: '/catalogs/drafts', access: ['ADMIN', 'DEVELOPER'] },
  { method: 'PATCH', path: '/catalogs/:id/finalize', access: ['ADMIN', 'DEVELOPER'] },
  { method: 'GET', path: '/catalogs/:id', access: 'authenticated' },
  { method: 'POST', path: '/catalogs', access: ['ADMIN', 'DEVELOPER'] },
  { method: 'PATCH', path: '/catalogs/:id', access: ['ADMIN', 'DEVELOPER'] },
  { method: 'DELETE', path: '/catalogs/:id', access: ['ADMIN', 'DEVELOPER'] },
  { method: 'GET', path: '/catalogs/:catalogId/controls', access: 'authenticated' },
  { method: 'GET', path: '/controls', access: 'authenticated' },
  { method: 'GET', path: '/controls/drafts', access: 'authenticated' },
  { method: 'GET', path: '/controls/drafts/catalog/:catalogId', access: 'authenticated' },
  { method: 'POST', path: '/controls/drafts', access: ['ADMIN', 'DEVELOPER'] },
  { method: 'PATCH', path: '/controls/:id/finalize', access: ['ADMIN', 'DEVELOPER'] },
  { method: 'GET', path: '/controls/:id', access: 'authenticated' },
  { method: 'POST', path: '/controls', access: ['ADMIN', 'DEVELOPER'] },
  { method: 'PATCH', path: '/controls/:id', access: ['ADMIN', 'DEVELOPER'] },
  { method: 'DELETE', path: '/controls/:id', access: ['ADMIN', 'DEVELOPER'] },
  { method: 'GET', path: '/controls/:id/panels', access: 'authenticated' },
  { method: 'POST', path: '/controls/:id/panel/:panelId', access: ['ADMIN', 'DEVELOPER'] },
  { method: 'DELETE', path: '/controls/:id/panels/:panelId', access: ['ADMIN', 'DEVELOPER'] },
  { method: 'GET', path: '/controls/:controlId/computations', access: 'authenticated' },
  { method: 'GET', path: '/controls/:controlId/computations/:createdAt', access: 'authenticated' },
  { method: 'DELETE', path: '/controls/:controlId/computations', access: ['ADMIN', 'DEVELOPER'] },
  { method: 'GET', path: '/controls/controls/:controlId/computations', access: 'authenticated' },
  { method: 'GET', path: '/controls/controls/:controlId/computations/:createdAt', access: 'authenticated' },
  { method: 'DELETE', path: '/controls/controls/:controlId/computations', access: ['ADMIN', 'DEVELOPER'] },
  { method: 'GET', path: '/computations', access: 'authenticated' },
  { method: 'DELETE', path: '/computations', access: ADMIN_ONLY },
  // bulk and poll: Node-RED and the registry call back with the token of whoever started the run
  { method: 'POST', path: '/computations/bulk', access: 'authenticated' },
  { method: 'GET', path: '/computations/:id', access: 'authenticated' },
  { method: 'GET', path: '/points', access: 'authenticated' },
  { method: 'POST', path: '/points', access: ['ADMIN', 'DEVELOPER'] },
  { method: 'DELETE', path: '/points', access: ADMIN_ONLY },
  { method: 'GET', path: '/points/catalog/:tpaId', access: 'authenticated' },
  { method: 'GET', path: '/points/:id', access: 'authenticated' },
  { method: 'DELETE', path: '/points/:id', access: ['ADMIN', 'DEVELOPER'] },
  { method: 'GET', path: '/scopes', access: 'authenticated' },
  { method: 'POST', path: '/scopes', access: ['ADMIN', 'DEVELOPER'] },
  { method: 'GET', path: '/scopes/:id', access: 'authenticated' },
  { method: 'PUT', path: '/scopes/:id', access: ['ADMIN', 'DEVELOPER'] },
  { method: 'DELETE', path: '/scopes/:id', access: ['ADMIN', 'DEVELOPER'] },
  { method: 'GET', path: '/scopes/sets', access: 'authenticated' },
  { method: 'POST', path: '/scopes/sets', access: ['ADMIN', 'DEVELOPER'] },
  { method: 'GET', path: '/scopes/sets/control/:controlId', access: 'authenticated' },
  { method: 'GET', path: '/scopes/sets/:id', access: 'authenticated' },
  { method: 'PUT', path: '/scopes/sets/:id', access: ['ADMIN', 'DEVELOPER'] },
  { method: 'DELETE', path: '/scopes/sets/:id', access: ['ADMIN', 'DEVELOPER'] },
  { method: 'GET', path: '/config', access: 'authenticated' },
  { method: 'POST', path: '/config', access: 'authenticated' }, // the original's lookup by body
  { method: 'PUT', path: '/config', access: ADMIN_ONLY },
  { method: 'GET', path: '/config/assistant/limit', access: 'authenticated' },
  { method: 'PUT', path: '/config/assistant/limit/:limit', access: ADMIN_ONLY },
  { method: 'GET', path: '/secrets', access: 'authenticated' },
  { method: 'POST', path: '/secrets', access: 'authenticated' },
  { method: 'GET', path: '/secrets/:id', access: 'authenticated' },
  { method: 'PATCH', path: '/secrets/:id', access: 'authenticated' },
  { method: 'DELETE', path: '/secrets/:id', access: 'authenticated' },
  // server
  { method: 'GET', path: '/health', access: 'public' },
  { method: 'GET', path: '/health/platform', access: 'public' }, // features/health
  // docs (declared routes): unknown paths under /docs fall through to the 404 for everyone
  { method: 'GET', path: '/docs/*', access: 'public' },
];

function segments(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

export function matchPattern(pattern: string, path: string): boolean {
  const p = segments(pattern);
  const s = segments(path);
  for (let i = 0; i < p.length; i++) {
    const seg = p[i]!;
    if (seg === '*' && i === p.length - 1) return s.length >= i;
    const actual = s[i];
    if (actual === undefined) return false;
    if (seg.startsWith(':')) continue;
    if (seg !== actual) return false;
  }
  return p.length === s.length;
}

/** Literal segments beat parameters: `/users/whoami` wins over `/users/:id`. */
function specificity(pattern: string): number {
  return segments(pattern).reduce((n, s) => n + (s.startsWith(':') || s === '*' ? 0 : 1), 0);
}

/** The rule for a request, or undefined (→ DEFAULT_ACCESS). HEAD is checked as GET. */
export function findRule(
  method: string,
  path: string,
  table: readonly PolicyRule[] = POLICY,
): PolicyRule | undefined {
  const m = (method.toUpperCase() === 'HEAD' ? 'GET' : method.toUpperCase()) as Method;
  let best: PolicyRule | undefined;
  for (const rule of table) {
    if (rule.method !== m || !matchPattern(rule.path, path)) continue;
    if (!best || specificity(rule.path) > specificity(best.path)) best = rule;
  }
  return best;
}

export function accessFor(method: string, path: string, table: readonly PolicyRule[] = POLICY): Access {
  return findRule(method, path, table)?.access ?? DEFAULT_ACCESS;
}

export type Decision = 'allow' | 'unauthenticated' | 'forbidden';

export function decide(access: Access, role: Role | undefined): Decision {
  if (access === 'public') return 'allow';
  if (!role) return 'unauthenticated';
  if (access === 'authenticated') return 'allow';
  return access.includes(role) ? 'allow' : 'forbidden';
}
