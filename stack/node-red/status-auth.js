// Node-RED's adminAuth.tokens hook for STATUS: the editor opens signed in for whoever signed in to
// STATUS. The backend sets a nodeRedToken cookie (path /node-red) at sign-in and refresh; the
// reverse proxy turns it into `Authorization: Bearer` for Node-RED (stack/proxy/default.conf);
// this hook asks the backend whom the token belongs to (GET <STATUS_BACKEND_URL>/nodered/verify →
// { username, role }) and maps the STATUS role to Node-RED permissions. Node-RED's own login (the
// generated admin account) keeps working next to it: its tokens are checked by Node-RED first.
'use strict';

/** STATUS role → Node-RED permissions: ADMIN and DEVELOPER edit and deploy, USER only looks. */
const PERMISSIONS = { ADMIN: '*', DEVELOPER: '*', USER: 'read' };

/**
 * @param {object} [options]
 * @param {string} [options.backendUrl] the STATUS API root, e.g. http://status-backend:3001/api/v1
 * @param {number} [options.timeoutMs] per verification request; the editor waits on it
 * @param {number} [options.cacheMs] how long one answer (yes or no) is reused for the same token
 * @param {(message: string) => void} [options.warn]
 * @returns {(token: string) => Promise<{ username: string, permissions: string } | null>}
 */
function statusTokens(options = {}) {
  const backendUrl = (options.backendUrl ?? process.env.STATUS_BACKEND_URL ?? '').replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 3000;
  const cacheMs = options.cacheMs ?? 5000;
  const warn = options.warn ?? ((m) => console.warn(`[status] ${m}`));
  // The editor fires a burst of admin API calls per page: one backend round trip per token per
  // few seconds, not one per call. Bounded; sign-out takes effect within cacheMs.
  const cache = new Map();
  const MAX_ENTRIES = 500;

  async function verify(token) {
    if (!backendUrl) {
      warn('STATUS_BACKEND_URL is not set: STATUS sign-in to the editor is off (set it in compose)');
      return { user: null, keep: false };
    }
    let res;
    try {
      res = await fetch(`${backendUrl}/nodered/verify`, {
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      warn(
        `could not ask the STATUS backend (${backendUrl}) whether a token is valid: ${error.message}; the editor shows the Node-RED login until the backend answers`,
      );
      return { user: null, keep: false };
    }
    if (res.status === 401 || res.status === 403) return { user: null, keep: true };
    if (!res.ok) {
      warn(
        `the STATUS backend answered ${res.status} to ${backendUrl}/nodered/verify; the editor shows the Node-RED login`,
      );
      return { user: null, keep: false };
    }
    const body = await res.json().catch(() => null);
    const permissions = body && PERMISSIONS[body.role];
    if (!permissions || typeof body.username !== 'string') {
      warn(`the STATUS backend's /nodered/verify answer has no known role: ${JSON.stringify(body)}`);
      return { user: null, keep: false };
    }
    return { user: { username: body.username, permissions }, keep: true };
  }

  return async function tokens(token) {
    if (typeof token !== 'string' || token.length === 0 || token.length > 4096) return null;
    const now = Date.now();
    const hit = cache.get(token);
    if (hit && hit.until > now) return hit.user;
    try {
      const { user, keep } = await verify(token);
      cache.delete(token);
      // Outages are not cached: the next request asks again.
      if (keep) {
        if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value);
        cache.set(token, { user, until: now + cacheMs });
      }
      return user;
    } catch (error) {
      // Never let a bad answer crash Node-RED: no user means the Node-RED login.
      warn(`checking a STATUS token failed: ${error.message}`);
      return null;
    }
  };
}

module.exports = { statusTokens, PERMISSIONS };
