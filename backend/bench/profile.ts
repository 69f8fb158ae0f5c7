// `npm run bench:profile`: a CPU profile of the backend under load, for finding where a request's
// time goes before optimising. Starts PostgreSQL and Redis (test/services.ts), the backend with
// `node --cpu-prof` (profiles in /tmp/status-backend-profile, open them in Chrome DevTools or
// speedscope), loads one URL with autocannon (PROF_URL, default `/`; PROF_S seconds, default 8;
// 20 connections), prints the req/s, and stops everything. Everything stays on 127.0.0.1.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import autocannon from 'autocannon';
import { freePort, startServices, waitFor } from '../test/services.js';
import { benchServerEnv } from './server-env.js';
const services = await startServices();
const port = await freePort();
const env = benchServerEnv(services, { port, admin: 'profadmin', password: 'prof-password-123' });
const child = spawn(
  process.execPath,
  ['--cpu-prof', '--cpu-prof-dir=/tmp/status-backend-profile', '--import', 'tsx', 'src/server.ts'],
  {
    env: { PATH: process.env.PATH, ...env, STATUS_SAMPLE_CATALOG: 'false' },
    stdio: ['ignore', 'ignore', 'inherit'],
  },
);
await waitFor(
  'backend',
  async () => {
    const r = await fetch(`http://127.0.0.1:${port}/`);
    if (!r.ok) throw new Error();
  },
  child,
  60000,
);
const url = process.env.PROF_URL ?? '/';
const r = await autocannon({
  url: `http://127.0.0.1:${port}${url}`,
  connections: 20,
  duration: Number(process.env.PROF_S ?? 8),
});
console.log(url, r.requests.average, 'req/s');
child.kill('SIGINT');
await once(child, 'exit');
await services.stop();
process.exit(0);
