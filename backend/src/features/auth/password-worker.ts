// The body of one password worker thread (password-pool.ts starts it): receives one job at a time,
// runs bcryptjs synchronously (this thread has nothing else to do, and the sync calls skip the
// async variants' slicing into many small tasks) and posts the answer back. The same bcryptjs as
// before the workers existed, so hashes keep their format ($2b$, cost in the hash).
import { parentPort } from 'node:worker_threads';
import bcrypt from 'bcryptjs';
import type { PasswordJob, PasswordReply } from './password-pool.js';

if (!parentPort) throw new Error('password-worker.ts runs as a worker thread (see password-pool.ts)');
const port = parentPort;

function run(job: PasswordJob): string | boolean {
  return job.kind === 'hash'
    ? bcrypt.hashSync(job.password, job.cost)
    : bcrypt.compareSync(job.password, job.hash);
}

port.on('message', (job: PasswordJob) => {
  let reply: PasswordReply;
  try {
    reply = { id: job.id, ok: true, value: run(job) };
  } catch (err) {
    reply = { id: job.id, ok: false, message: err instanceof Error ? err.message : String(err) };
  }
  port.postMessage(reply);
});
