// status-test/standin:1 — answers 200 {"standin":true,...} on every path of every port in
// STANDIN_PORTS (comma-separated; default 80,3000,27017). Enough for the health checks of the
// services it stands in for. Under /grafana/api/ (on any port: the container does not know which
// service it stands in for, and no other stood-in service uses that path) it speaks the subset of
// Grafana's HTTP API that STATUS uses (see grafana.mjs): health, service accounts and tokens
// checked against GF_SECURITY_ADMIN_USER/PASSWORD, and the provisioned dashboards in /api/search.
import { existsSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createGrafanaApi } from './grafana.mjs';

const ports = (process.env.STANDIN_PORTS ?? '80,3000,27017')
  .split(',')
  .map((p) => p.trim())
  .filter(Boolean)
  .map(Number);
const name = process.env.STANDIN_NAME ?? os.hostname();

// Grafana's data folder is a volume in the stack: keeping the stand-in's accounts there lets them
// survive a recreated container, as Grafana's own data does.
const grafanaData = process.env.GF_PATHS_DATA ?? '/var/lib/grafana';
const grafana = createGrafanaApi({
  adminUser: process.env.GF_SECURITY_ADMIN_USER ?? 'admin',
  adminPassword: process.env.GF_SECURITY_ADMIN_PASSWORD ?? '',
  dashboardsDir: process.env.STANDIN_GRAFANA_DASHBOARDS ?? '/etc/grafana/provisioning/dashboards',
  statePath: existsSync(grafanaData) ? path.join(grafanaData, 'standin-grafana.json') : undefined,
});

const MAX_BODY = 1024 * 1024;

const servers = ports.map((port) => {
  const server = http.createServer((req, res) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => {
      try {
        if (grafana(req, res, Buffer.concat(chunks).toString('utf8'))) return;
      } catch (err) {
        console.error(`standin: ${req.method} ${req.url}: ${err.stack ?? err}`);
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: 'standin error' }));
        return;
      }
      const body = JSON.stringify({ standin: true, name, port, method: req.method, path: req.url });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(req.method === 'HEAD' ? undefined : body);
    });
  });
  server.on('error', (err) => {
    console.error(`standin: port ${port}: ${err.message}`);
    process.exit(1);
  });
  server.listen(port, '0.0.0.0', () => console.log(`standin: listening on ${port}`));
  return server;
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    console.log(`standin: ${signal} received, shutting down`);
    let open = servers.length;
    if (open === 0) process.exit(0);
    for (const server of servers) {
      server.close(() => {
        open -= 1;
        if (open === 0) process.exit(0);
      });
      server.closeAllConnections();
    }
  });
}
