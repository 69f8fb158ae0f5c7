import bcrypt from 'bcryptjs';
import { afterEach, describe, expect, it } from 'vitest';
import { PasswordPool, defaultPoolSize } from './password-pool.js';

const pools: PasswordPool[] = [];
function pool(options?: ConstructorParameters<typeof PasswordPool>[0]): PasswordPool {
  const p = new PasswordPool(options);
  pools.push(p);
  return p;
}
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

/**
 * A stand-in worker (a data: URL, plain JS) speaking the pool's protocol: answers "done:<password>",
 * dies with exit code 3 on the password "exit" and throws on "throw".
 */
const FAKE_WORKER = new URL(
  `data:text/javascript,${encodeURIComponent(`
    import { parentPort } from 'node:worker_threads';
    parentPort.on('message', (job) => {
      if (job.password === 'exit') process.exit(3);
      if (job.password === 'throw') throw new Error('boom');
      parentPort.postMessage({ id: job.id, ok: true, value: 'done:' + job.password });
    });`)}`,
);

describe('PasswordPool', () => {
  it('sizes itself to the cores but one, between 1 and 4', () => {
    expect([1, 2, 3, 4, 5, 8, 64].map((n) => defaultPoolSize(n))).toEqual([1, 1, 2, 3, 4, 4, 4]);
  });

  it('hashes in parallel and compares true and false; starts workers lazily, at most `size`', async () => {
    const p = pool({ size: 2 });
    expect(p.stats.workers).toBe(0);
    const hashes = await Promise.all(['one', 'two', 'three', 'four'].map((pw) => p.hash(`${pw}-pass`, 6)));
    expect(p.stats).toEqual({ workers: 2, running: 0, queued: 0 });
    expect(new Set(hashes).size).toBe(4);
    hashes.forEach((h) => expect(bcrypt.getRounds(h)).toBe(6));
    expect(await Promise.all(hashes.map((h) => p.compare('two-pass', h)))).toEqual([
      false,
      true,
      false,
      false,
    ]);
    expect(bcrypt.compareSync('four-pass', hashes[3]!)).toBe(true); // the usual bcryptjs format
  });

  it('a job the worker refuses rejects with its message', async () => {
    const p = pool({ size: 1 });
    await expect(p.compare('x', 5 as unknown as string)).rejects.toThrow('Illegal arguments: string, number');
    expect(await p.compare('x', bcrypt.hashSync('x', 4))).toBe(true); // the worker is still there
  });

  it('the event loop stays responsive while 4 cost-12 compares run', async () => {
    const p = pool();
    const hash = bcrypt.hashSync('correct horse', 12);
    let last = performance.now();
    let worstLag = 0;
    const tick = setInterval(() => {
      const now = performance.now();
      worstLag = Math.max(worstLag, now - last - 10);
      last = now;
    }, 10);
    const t0 = performance.now();
    try {
      const results = await Promise.all([
        p.compare('correct horse', hash),
        p.compare('wrong horse', hash),
        p.compare('correct horse', hash),
        p.compare('', hash),
      ]);
      expect(results).toEqual([true, false, true, false]);
    } finally {
      clearInterval(tick);
    }
    expect(performance.now() - t0).toBeGreaterThan(300); // real cost-12 work happened meanwhile
    expect(worstLag).toBeLessThan(100);
  });

  it('a worker that dies rejects its job and is replaced; the queue goes on', async () => {
    const p = pool({ size: 1, workerUrl: FAKE_WORKER });
    const jobs = [p.hash('a', 10), p.hash('exit', 10), p.hash('b', 10), p.hash('throw', 10), p.hash('c', 10)];
    const settled = await Promise.allSettled(jobs);
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : String(s.reason)))).toEqual([
      'done:a',
      'Error: password worker exited with code 3',
      'done:b',
      'Error: password worker failed: boom',
      'done:c',
    ]);
    expect(p.stats).toEqual({ workers: 1, running: 0, queued: 0 });
  });

  it('a worker file that does not load fails its jobs instead of leaving them waiting', async () => {
    const p = pool({ size: 1, workerUrl: new URL('./no-such-worker.js', import.meta.url) });
    const settled = await Promise.allSettled([p.hash('a', 10), p.hash('b', 10)]);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
  });

  it('close() rejects queued and running jobs, ends the workers and refuses new jobs', async () => {
    const p = pool({ size: 1 });
    const running = p.hash('slow', 12);
    const queued = p.hash('queued', 12);
    const outcomes = Promise.allSettled([running, queued]);
    await new Promise((r) => setTimeout(r, 50));
    await p.close();
    expect((await outcomes).map((o) => (o.status === 'rejected' ? String(o.reason) : o.status))).toEqual([
      'Error: the password worker pool is closed',
      'Error: the password worker pool is closed',
    ]);
    await expect(p.compare('x', 'y')).rejects.toThrow(/closed/);
    expect(p.stats).toEqual({ workers: 0, running: 0, queued: 0 });
  });
});
