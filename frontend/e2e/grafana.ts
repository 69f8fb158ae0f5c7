// The Grafana stand-in (no Grafana binary can run here): the backend's fake of Grafana's HTTP API
// (backend/test/fakes/grafana.ts, served under /grafana like GF_SERVER_SERVE_FROM_SUB_PATH), plus a
// small HTML page for everything else under /grafana/ (the panels the app embeds in iframes), so a
// test can see which panel URL the app asked for.
import { randomBytes } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFakeGrafana, type FakeGrafana } from '../../backend/test/fakes/grafana.js';

export interface GrafanaStandIn {
  /** Base URL with the /grafana sub-path (what GRAFANA_URL is in the stack). */
  url: string;
  /** Origin to proxy /grafana/ to (the front door keeps the prefix). */
  origin: string;
  apiKey: string;
  api: FakeGrafana;
  /** Paths of the embedded pages the browser asked for (panels, dashboards). */
  pages: string[];
  close: () => Promise<void>;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export async function startGrafanaStandIn(): Promise<GrafanaStandIn> {
  const apiKey = `glsa_${randomBytes(16).toString('hex')}`;
  const api = await startFakeGrafana({ auth: `Bearer ${apiKey}`, subPath: '/grafana' });
  const apiUrl = new URL(api.url);
  const pages: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (url.startsWith('/grafana/api/')) {
      const up = request(
        { host: apiUrl.hostname, port: apiUrl.port, method: req.method, path: url, headers: req.headers },
        (upRes) => {
          res.writeHead(upRes.statusCode ?? 502, upRes.rawHeaders);
          upRes.pipe(res);
        },
      );
      up.on('error', () => res.writeHead(502).end());
      req.pipe(up);
      return;
    }
    pages.push(url);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      `<!doctype html><html><head><title>Grafana stand-in</title></head>` +
        `<body style="font-family:sans-serif;background:#f4f5f5;margin:8px">` +
        `<p>Grafana stand-in</p><code>${escapeHtml(url)}</code></body></html>`,
    );
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}/grafana`,
    origin,
    apiKey,
    api,
    pages,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await api.close();
    },
  };
}
