// status-test/standin:1 — answers 200 {"standin":true,...} on every path of every port in
// STANDIN_PORTS (comma-separated; default 80,3000,27017). Enough for the health checks of the
// services it stands in for; it implements none of their APIs.
import http from 'node:http';
import os from 'node:os';

const ports = (process.env.STANDIN_PORTS ?? '80,3000,27017')
  .split(',')
  .map((p) => p.trim())
  .filter(Boolean)
  .map(Number);
const name = process.env.STANDIN_NAME ?? os.hostname();

const servers = ports.map((port) => {
  const server = http.createServer((req, res) => {
    req.resume();
    const body = JSON.stringify({ standin: true, name, port, method: req.method, path: req.url });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(req.method === 'HEAD' ? undefined : body);
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
