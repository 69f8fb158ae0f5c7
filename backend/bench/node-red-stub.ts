// A Node-RED stand-in for the control-run scenario of `npm run bench` (bench/api.bench.ts): a bare
// node:http server on 127.0.0.1:$PORT whose every POST answers what a control flow answers,
// `{ value, evidences, scope }`: one evidence per `payload.items[]`, passed when item ≥ threshold
// (the check of bench/runs.bench.ts's function-node flow). GET answers 200 (readiness probe).
// Its own process, so that neither autocannon nor the servers under test slow it down.
import http from 'node:http';

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    let answer: unknown = { ok: true };
    if (req.method === 'POST') {
      const p = (chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {}) as {
        items?: { item?: unknown }[];
        threshold?: unknown;
        scope?: unknown;
      };
      const items = Array.isArray(p.items) ? p.items : [];
      const threshold = Number(p.threshold);
      const evidences = items.map((it) => ({ item: it.item, result: Number(it.item) >= threshold }));
      answer = {
        value: evidences.length > 0 && evidences.every((e) => e.result),
        evidences,
        scope: p.scope ?? {},
      };
    }
    const s = JSON.stringify(answer);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(s) });
    res.end(s);
  });
});
server.listen(Number(process.env.PORT), '127.0.0.1');
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  process.exit(0);
});
