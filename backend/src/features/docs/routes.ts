// /api/v1/docs: the API documentation. `GET /docs` is a small self-contained HTML page (no CDN: the
// machines are offline) whose script, `GET /docs/docs.js`, renders `GET /docs/openapi.json`, the
// OpenAPI 3.1 document derived from the route table (openapi.ts). All public, never gated. The page
// gets its own strict CSP: scripts and fetches from this origin only, inline styles only.
import type { Config } from '../../config.js';
import { route, type Route } from '../../http/route.js';
import { sendText } from '../../http/send.js';
import { buildOpenApi, type DocumentedRoute } from './openapi.js';
import { DOCS_SCRIPT } from './page.js';

export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'unsafe-inline'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(base: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>STATUS API</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d2433;background:#f6f7f9}
header{background:#1d2433;color:#fff;padding:14px 24px}header a{color:#9cc4ff}
main{max-width:1100px;margin:0 auto;padding:16px 24px}
h2{margin:28px 0 8px;text-transform:capitalize}
details{background:#fff;border:1px solid #d9dde5;border-radius:6px;margin:6px 0}
summary{cursor:pointer;padding:8px 12px;display:flex;gap:12px;align-items:baseline}
.m{font:bold 12px monospace;min-width:58px;text-align:center;border-radius:4px;padding:2px 6px;color:#fff}
.GET{background:#2f7dd1}.POST{background:#2e9d5b}.PUT{background:#c98a14}.PATCH{background:#8a5cc9}.DELETE{background:#cc3f3f}
.p{font-family:monospace}.s{color:#5b6577}.a{margin-left:auto;font-size:12px;color:#5b6577}
.body{padding:4px 16px 12px;border-top:1px solid #eceff3}
pre{background:#f1f3f6;padding:8px;border-radius:4px;overflow:auto;font-size:12px}
table{border-collapse:collapse}td,th{border:1px solid #d9dde5;padding:3px 8px;text-align:left;font-size:13px}
</style>
</head>
<body>
<header><strong>STATUS API</strong> — OpenAPI document: <a id="spec" href="${base}/openapi.json">${base}/openapi.json</a></header>
<main id="app" data-spec="${base}/openapi.json"><p>Loading the API description…</p></main>
<script src="${base}/docs.js"></script>
</body>
</html>
`;
}

export function docsRoutes(deps: {
  config: Pick<Config, 'API_PREFIX'>;
  /** The routes to document (every route of the app but these). */
  routes: readonly DocumentedRoute[];
}): Route[] {
  const prefix = deps.config.API_PREFIX;
  const own: Route[] = [
    route({
      method: 'GET',
      path: '/docs/openapi.json',
      access: 'public',
      gate: false,
      summary: 'This OpenAPI document',
      handler: ({ req, res }) => {
        res.setHeader('Cache-Control', 'no-cache');
        return sendText(req, res, 200, json(), 'application/json; charset=utf-8');
      },
    }),
    route({
      method: 'GET',
      path: '/docs/docs.js',
      access: 'public',
      gate: false,
      summary: "The documentation page's script",
      produces: 'text/javascript',
      handler: ({ req, res }) => {
        res.setHeader('Cache-Control', 'no-cache');
        return sendText(req, res, 200, DOCS_SCRIPT, 'text/javascript; charset=utf-8');
      },
    }),
    route({
      method: 'GET',
      path: '/docs',
      access: 'public',
      gate: false,
      summary: 'This documentation (HTML)',
      produces: 'text/html',
      handler: ({ req, res }) => {
        res.setHeader('Content-Security-Policy', DOCS_CSP);
        res.setHeader('Cache-Control', 'no-cache');
        return sendText(req, res, 200, page(escapeHtml(`${prefix}/docs`)), 'text/html; charset=utf-8');
      },
    }),
  ];
  let document: string | undefined; // built on first use, then kept (the table never changes)
  const json = () =>
    (document ??= JSON.stringify(buildOpenApi({ prefix, routes: [...deps.routes, ...own] })));
  return own;
}
