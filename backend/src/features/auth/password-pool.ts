// A small pool of worker threads for bcrypt (password-worker.ts). One bcryptjs compare at cost 12
// is ~0.5 s of pure-JS CPU: on the event loop, 20 concurrent sign-ins froze the whole API for
// seconds (every other request waited, and pg-pool's connect timeout fired). In workers the event
// loop stays free; jobs beyond the pool's size wait in a queue, unbounded on purpose: a sign-in
// under load waits, it is never refused (a job is two short strings).
//
// Workers start lazily (at the first job, one per job up to `size`), and are unref'd while idle so
// an idle pool never keeps the process alive; a worker with a job is ref'd, so a script awaiting a
// hash still gets it. A worker that dies (error or exit) rejects its job and is replaced for the
// jobs still queued. close() rejects what is queued or running and ends the workers.
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

export type PasswordJob =
  | { id: number; kind: 'hash'; password: string; cost: number }
  | { id: number; kind: 'compare'; password: string; hash: string };

export type PasswordReply =
  { id: number; ok: true; value: string | boolean } | { id: number; ok: false; message: string };

type JobInput = PasswordJob extends infer J ? (J extends PasswordJob ? Omit<J, 'id'> : never) : never;

interface Pending {
  job: PasswordJob;
  resolve: (value: string | boolean) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: Worker;
  current?: Pending;
}

/** One thread per core but the main thread's, at least 1, at most 4. */
export function defaultPoolSize(cores = availableParallelism()): number {
  return Math.min(4, Math.max(1, cores - 1));
}

/**
 * password-worker next to this module, with this module's extension: `.ts` when run from source
 * (tsx, vitest), `.js` when run from dist/ (tsc keeps the layout).
 */
export function passwordWorkerUrl(): URL {
  const ext = path.extname(fileURLToPath(import.meta.url));
  return new URL(`./password-worker${ext}`, import.meta.url);
}

/**
 * Starts the worker at `url`. A `.ts` worker (run from source) needs tsx inside the worker, and
 * Node 20 ignores `--import` in a worker's execArgv (verified: `new Worker(url, { execArgv:
 * ['--import', 'tsx'] })` fails with "Unknown file extension .ts", also under `tsx`), so a short
 * bootstrap registers tsx's require hook in the worker and then requires the file; vitest (no tsx
 * in the process) works the same way. The bootstrap runs as CommonJS or as a module (it inherits
 * e.g. `--input-type=module`), hence no bare `require`. Built `.js` workers load as they are.
 */
function startWorker(url: URL): Worker {
  if (url.protocol !== 'file:' || !url.pathname.endsWith('.ts'))
    return new Worker(url, { name: 'password-worker' });
  const file = fileURLToPath(url);
  const tsx = createRequire(import.meta.url).resolve('tsx/cjs/api');
  const bootstrap =
    `import('node:module').then(({ createRequire }) => { const r = createRequire(${JSON.stringify(file)}); ` +
    `r(${JSON.stringify(tsx)}).register(); r(${JSON.stringify(file)}); });`;
  return new Worker(bootstrap, { eval: true, name: 'password-worker' });
}

export class PasswordPool {
  readonly size: number;
  readonly #url: URL;
  readonly #slots = new Set<Slot>();
  readonly #idle: Slot[] = [];
  readonly #queue: Pending[] = [];
  #nextId = 1;
  #closed = false;

  constructor(options: { size?: number; workerUrl?: URL } = {}) {
    this.size = Math.max(1, options.size ?? defaultPoolSize());
    this.#url = options.workerUrl ?? passwordWorkerUrl();
  }

  hash(password: string, cost: number): Promise<string> {
    return this.#run({ kind: 'hash', password, cost }) as Promise<string>;
  }

  compare(password: string, hash: string): Promise<boolean> {
    return this.#run({ kind: 'compare', password, hash }) as Promise<boolean>;
  }

  /** Workers started (idle or busy), jobs running, jobs waiting. */
  get stats(): { workers: number; running: number; queued: number } {
    const running = [...this.#slots].filter((s) => s.current).length;
    return { workers: this.#slots.size, running, queued: this.#queue.length };
  }

  /** Rejects queued and running jobs and ends every worker. The pool takes no job afterwards. */
  async close(): Promise<void> {
    this.#closed = true;
    const closed = new Error('the password worker pool is closed');
    for (const p of this.#queue.splice(0)) p.reject(closed);
    const slots = [...this.#slots];
    this.#slots.clear();
    this.#idle.length = 0;
    for (const s of slots) s.current?.reject(closed);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  #run(input: JobInput): Promise<string | boolean> {
    if (this.#closed) return Promise.reject(new Error('the password worker pool is closed'));
    return new Promise((resolve, reject) => {
      this.#queue.push({ job: { ...input, id: this.#nextId++ }, resolve, reject });
      this.#pump();
    });
  }

  /** Hands queued jobs to idle workers, starting workers up to `size`. */
  #pump(): void {
    while (this.#queue.length > 0 && !this.#closed) {
      let slot = this.#idle.pop();
      if (!slot) {
        if (this.#slots.size >= this.size) return;
        try {
          slot = this.#spawn();
        } catch (err) {
          // Worker options refused synchronously: fail this job rather than leave it waiting.
          this.#queue.shift()!.reject(err instanceof Error ? err : new Error(String(err)));
          continue;
        }
      }
      const pending = this.#queue.shift()!;
      slot.current = pending;
      slot.worker.ref();
      slot.worker.postMessage(pending.job);
    }
  }

  #spawn(): Slot {
    const worker = startWorker(this.#url);
    worker.unref();
    const slot: Slot = { worker };
    this.#slots.add(slot);
    worker.on('message', (reply: PasswordReply) => {
      const pending = slot.current;
      if (!pending || pending.job.id !== reply.id) return;
      slot.current = undefined;
      worker.unref();
      this.#idle.push(slot);
      if (reply.ok) pending.resolve(reply.value);
      else pending.reject(new Error(reply.message));
      this.#pump();
    });
    // 'error' (an uncaught exception, a worker file that does not load) is followed by 'exit': the
    // first of the two retires the slot.
    const retire = (err: Error) => {
      if (!this.#slots.delete(slot)) return;
      const i = this.#idle.indexOf(slot);
      if (i >= 0) this.#idle.splice(i, 1);
      const pending = slot.current;
      slot.current = undefined;
      pending?.reject(err);
      this.#pump(); // a replacement, if jobs are waiting
    };
    worker.on('error', (err: Error) =>
      retire(new Error(`password worker failed: ${err.message}`, { cause: err })),
    );
    worker.on('exit', (code: number) => retire(new Error(`password worker exited with code ${code}`)));
    return slot;
  }
}
