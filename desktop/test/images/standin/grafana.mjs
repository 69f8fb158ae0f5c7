// The Grafana HTTP API subset the STATUS launcher and backend use, for status-test/standin:1 and
// for unit tests (which import createGrafanaApi and serve it on a local port). Paths live under
// /grafana/api/ because Grafana serves from that sub-path in the stack. Service accounts and
// tokens are kept in `statePath` when given (the stand-in uses its data volume, so they survive a
// recreated container like a real Grafana's do); without it, or with the file deleted, they are
// gone, as in a Grafana whose data was reset.
//
//   GET    /grafana/api/health                                  no auth
//   GET    /grafana/api/org                                     any credentials
//   GET    /grafana/api/user                                    the signed-in user: {login, email, role, authProxy}
//   GET    /grafana/api/search                                  provisioned dashboards (*.json under dashboardsDir)
//   GET    /grafana/api/folders                                 the provider's folder STATUS (when it has dashboards)
//   GET    /grafana/api/serviceaccounts/search?query=           admin or an Admin token
//   POST   /grafana/api/serviceaccounts                         {name, role, isDisabled}
//   GET    /grafana/api/serviceaccounts/:id/tokens
//   POST   /grafana/api/serviceaccounts/:id/tokens              {name, secondsToLive} → {id, name, key}
//   DELETE /grafana/api/serviceaccounts/:id/tokens/:tokenId
// Credentials: Basic with the admin user/password (GF_SECURITY_ADMIN_USER/PASSWORD), or
// `Authorization: Bearer <token>` with a token made here, or the auth proxy's headers
// X-WEBAUTH-USER / X-WEBAUTH-EMAIL / X-WEBAUTH-ROLE (stack/grafana/grafana.ini [auth.proxy]) as the
// reverse proxy sets them. Unlike Grafana it does not check the whitelist: it echoes what reached it
// (GET /grafana/api/user), so tests through the real nginx see which user and role were passed on.
// Anything else under /grafana/api/ → 401.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const PREFIX = '/grafana/api/';
const ROLES = new Set(['Viewer', 'Editor', 'Admin', 'None']);
const STATUS_FOLDER = { id: 1, uid: 'status', title: 'STATUS' };

function same(a, b) {
  const x = Buffer.from(String(a));
  const y = Buffer.from(String(b));
  return x.length === y.length && timingSafeEqual(x, y);
}

function send(res, status, value) {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** Dashboards JSON files under `dir` (recursively), as Grafana's /api/search lists them. */
function provisionedDashboards(dir) {
  const found = [];
  const walk = (folder, depth) => {
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return; // no dashboards mounted: an empty list, as a Grafana without dashboards
    }
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory() && depth < 4) walk(full, depth + 1);
      else if (entry.isFile() && entry.name.endsWith('.json')) {
        try {
          const dashboard = JSON.parse(readFileSync(full, 'utf8'));
          if (dashboard && typeof dashboard.title === 'string') found.push(dashboard);
        } catch {
          /* not a dashboard: skipped, as Grafana's provisioning logs and skips it */
        }
      }
    }
  };
  walk(dir, 0);
  return found.map((d, i) => {
    const uid = typeof d.uid === 'string' && d.uid ? d.uid : `standin-${i + 1}`;
    const slug = d.title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
    return {
      id: i + 1,
      uid,
      title: d.title,
      uri: `db/${slug}`,
      url: `/grafana/d/${uid}/${slug}`,
      slug: '',
      type: 'dash-db',
      tags: Array.isArray(d.tags) ? d.tags.filter((t) => typeof t === 'string') : [],
      isStarred: false,
      sortMeta: 0,
      // The provider (stack/grafana/provisioning/dashboards/status.yaml) puts them in folder STATUS.
      folderUid: STATUS_FOLDER.uid,
      folderTitle: STATUS_FOLDER.title,
    };
  });
}

/**
 * Returns `handle(req, res, body)`: true when it answered (a /grafana/api/ path), false otherwise.
 * `body` is the request body as text (the caller reads it).
 */
export function createGrafanaApi({ adminUser, adminPassword, dashboardsDir, statePath }) {
  const accounts = []; // { id, name, login, orgId, isDisabled, role }
  const tokens = []; // { id, accountId, name, key, created }
  let nextId = 1;
  if (statePath) {
    try {
      const saved = JSON.parse(readFileSync(statePath, 'utf8'));
      accounts.push(...saved.accounts);
      tokens.push(...saved.tokens);
      nextId = saved.nextId;
    } catch {
      /* first start, or an unreadable file: start empty */
    }
  }
  const save = () => {
    if (!statePath) return;
    try {
      writeFileSync(statePath, JSON.stringify({ accounts, tokens, nextId }), { mode: 0o600 });
    } catch (err) {
      console.error(`standin: grafana state not saved to ${statePath}: ${err.message}`);
    }
  };

  function identify(req) {
    const proxied = req.headers['x-webauth-user'];
    if (typeof proxied === 'string' && proxied) {
      const role = req.headers['x-webauth-role'];
      const email = req.headers['x-webauth-email'];
      return {
        login: proxied,
        // Grafana uses the login as the e-mail of a user created without one.
        email: typeof email === 'string' && email ? email : proxied,
        // Grafana's auto_assign_org_role (Viewer) when the header names no known role.
        role: typeof role === 'string' && ROLES.has(role) ? role : 'Viewer',
        admin: false,
        authProxy: true,
      };
    }
    const header = req.headers.authorization ?? '';
    const [scheme, value = ''] = header.split(' ', 2);
    if (scheme === 'Basic') {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0 || !adminPassword) return undefined;
      const user = decoded.slice(0, colon);
      const password = decoded.slice(colon + 1);
      return same(user, adminUser) && same(password, adminPassword)
        ? { login: adminUser, email: 'admin@localhost', role: 'Admin', admin: true, authProxy: false }
        : undefined;
    }
    if (scheme === 'Bearer') {
      const token = tokens.find((t) => same(t.key, value));
      const account = token && accounts.find((a) => a.id === token.accountId);
      return account && !account.isDisabled
        ? { login: account.login, email: '', role: account.role, admin: false, authProxy: false }
        : undefined;
    }
    return undefined;
  }

  const view = (a) => ({ ...a, tokens: tokens.filter((t) => t.accountId === a.id).length, avatarUrl: '' });

  return function handle(req, res, body) {
    const url = new URL(req.url ?? '/', 'http://standin');
    if (!url.pathname.startsWith(PREFIX)) return false;
    const route = url.pathname.slice(PREFIX.length).replace(/\/$/, '');
    const method = req.method ?? 'GET';

    if (route === 'health' && (method === 'GET' || method === 'HEAD')) {
      send(res, 200, {
        commit: 'standin',
        database: 'ok',
        version: 'standin',
        standin: true,
        path: url.pathname,
      });
      return true;
    }

    const who = identify(req);
    if (!who) {
      send(res, 401, { message: req.headers.authorization ? 'invalid API key or password' : 'Unauthorized' });
      return true;
    }
    let json = {};
    if (body) {
      try {
        json = JSON.parse(body);
      } catch {
        send(res, 400, { message: 'bad request data' });
        return true;
      }
    }

    if (route === 'user' && method === 'GET') {
      send(res, 200, {
        login: who.login,
        email: who.email,
        role: who.role,
        isGrafanaAdmin: who.admin,
        authProxy: who.authProxy,
      });
      return true;
    }
    if (route === 'org' && method === 'GET') {
      send(res, 200, { id: 1, name: 'Main Org.' });
      return true;
    }
    if (route === 'search' && method === 'GET') {
      const query = (url.searchParams.get('query') ?? '').toLowerCase();
      const hits = provisionedDashboards(dashboardsDir).filter((d) => d.title.toLowerCase().includes(query));
      send(res, 200, hits);
      return true;
    }
    if (route === 'folders' && method === 'GET') {
      send(res, 200, provisionedDashboards(dashboardsDir).length ? [STATUS_FOLDER] : []);
      return true;
    }
    if (!route.startsWith('serviceaccounts')) return false;
    if (who.role !== 'Admin') {
      send(res, 403, { message: 'You do not have permission to perform this action' });
      return true;
    }

    if (route === 'serviceaccounts/search' && method === 'GET') {
      const query = (url.searchParams.get('query') ?? '').toLowerCase();
      const found = accounts.filter((a) => a.name.toLowerCase().includes(query)).map(view);
      send(res, 200, { totalCount: found.length, serviceAccounts: found, page: 1, perPage: 1000 });
      return true;
    }
    if (route === 'serviceaccounts' && method === 'POST') {
      const name = typeof json.name === 'string' ? json.name.trim() : '';
      const role = json.role ?? 'Viewer';
      if (!name || !ROLES.has(role)) {
        send(res, 400, { message: 'Bad request data' });
        return true;
      }
      if (accounts.some((a) => a.name === name)) {
        send(res, 409, { message: 'service account already exists' });
        return true;
      }
      const login = `sa-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
      const account = { id: nextId++, name, login, orgId: 1, isDisabled: json.isDisabled === true, role };
      accounts.push(account);
      save();
      send(res, 201, view(account));
      return true;
    }
    const match = /^serviceaccounts\/(\d+)\/tokens(?:\/(\d+))?$/.exec(route);
    const account = match && accounts.find((a) => a.id === Number(match[1]));
    if (match && !account) {
      send(res, 404, { message: 'service account not found' });
      return true;
    }
    if (match && !match[2] && method === 'GET') {
      send(
        res,
        200,
        tokens
          .filter((t) => t.accountId === account.id)
          .map((t) => ({ id: t.id, name: t.name, created: t.created, expiration: null, hasExpired: false })),
      );
      return true;
    }
    if (match && !match[2] && method === 'POST') {
      const name = typeof json.name === 'string' ? json.name.trim() : '';
      if (!name) {
        send(res, 400, { message: 'Bad request data' });
        return true;
      }
      if (tokens.some((t) => t.accountId === account.id && t.name === name)) {
        send(res, 409, { message: 'service account token with given name already exists' });
        return true;
      }
      const token = {
        id: nextId++,
        accountId: account.id,
        name,
        key: `glsa_${randomBytes(24).toString('base64url')}`,
        created: new Date().toISOString(),
      };
      tokens.push(token);
      save();
      send(res, 200, { id: token.id, name: token.name, key: token.key });
      return true;
    }
    if (match && match[2] && method === 'DELETE') {
      const index = tokens.findIndex((t) => t.accountId === account.id && t.id === Number(match[2]));
      if (index < 0) {
        send(res, 404, { message: 'token not found' });
        return true;
      }
      tokens.splice(index, 1);
      save();
      send(res, 200, { message: 'Service account token deleted' });
      return true;
    }
    return false;
  };
}
