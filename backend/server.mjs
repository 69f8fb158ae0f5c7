// Minimal status-backend: answers the stack's health check and says plainly that the real API
// is not part of this build yet. Replaced by the TypeScript backend; the stack does not change.
import http from 'node:http';

const port = Number(process.env.PORT ?? 3001);
const prefix = process.env.API_PREFIX ?? '/api/v1';

const server = http.createServer((req, res) => {
  const send = (status, body) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  if (req.method === 'GET' && req.url === '/') return send(200, { message: 'Welcome to the API!' });
  if (req.method === 'GET' && req.url === `${prefix}/health`)
    return send(200, { status: 'ok', api: 'placeholder' });
  return send(404, {
    message: `No route ${req.method} ${req.url}: this build of status-backend only serves its health check.`,
  });
});

server.listen(port, () =>
  console.log(JSON.stringify({ level: 'info', msg: `status-backend listening on ${port}` })),
);

// Finish in-flight requests, then exit, so `docker stop` is quick and clean.
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    console.log(JSON.stringify({ level: 'info', msg: `${signal} received, shutting down` }));
    server.close(() => process.exit(0));
    server.closeAllConnections?.();
  });
}
export { server };
