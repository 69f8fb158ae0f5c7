import { describe, expect, it } from 'vitest';
import { mapLimit } from './concurrency.js';

/** A promise plus its resolve/reject, to drive calls by hand. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('mapLimit', () => {
  it('keeps results in input order whatever order the calls finish in', async () => {
    const gates = [deferred<void>(), deferred<void>(), deferred<void>(), deferred<void>()];
    const done = mapLimit([0, 1, 2, 3], 4, async (n) => {
      await gates[n]!.promise;
      return n * 10;
    });
    for (const i of [3, 1, 0, 2]) {
      gates[i]!.resolve();
      await tick();
    }
    expect(await done).toEqual([0, 10, 20, 30]);
  });

  it('never has more than `limit` calls in flight and starts the next as soon as one ends', async () => {
    const gates = Array.from({ length: 7 }, () => deferred<void>());
    const started: number[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const done = mapLimit(gates.keys(), 3, async (i) => {
      started.push(i);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await gates[i]!.promise;
      inFlight--;
      return i;
    });
    await tick();
    expect(started).toEqual([0, 1, 2]);
    gates[1]!.resolve();
    await tick();
    expect(started).toEqual([0, 1, 2, 3]);
    for (const gate of gates) gate.resolve();
    expect(await done).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(maxInFlight).toBe(3);
  });

  it('handles empty input and a limit larger than the input', async () => {
    expect(await mapLimit([], 4, async () => 1)).toEqual([]);
    expect(await mapLimit(['a', 'b'], 10, async (s, i) => `${s}${i}`)).toEqual(['a0', 'b1']);
  });

  it('rejects with the first error, starts nothing new after it, and waits for calls in flight', async () => {
    const gates = Array.from({ length: 5 }, () => deferred<void>());
    const started: number[] = [];
    const settled: number[] = [];
    const done = mapLimit(gates.keys(), 2, async (i) => {
      started.push(i);
      try {
        await gates[i]!.promise;
      } finally {
        settled.push(i);
      }
      return i;
    });
    const outcome = done.then(
      () => 'resolved',
      (error: Error) => error.message,
    );
    await tick();
    gates[0]!.reject(new Error('boom'));
    await tick();
    let finished = false;
    void outcome.then(() => (finished = true));
    await tick();
    expect(finished).toBe(false); // call 1 is still running
    gates[1]!.resolve();
    expect(await outcome).toBe('boom');
    expect(started).toEqual([0, 1]);
    expect(settled.sort()).toEqual([0, 1]);
  });

  it('stops starting calls once the signal fires', async () => {
    const controller = new AbortController();
    const started: number[] = [];
    const done = mapLimit(
      [0, 1, 2, 3],
      1,
      async (i) => {
        started.push(i);
        if (i === 1) controller.abort(new Error('stop'));
        return i;
      },
      controller.signal,
    );
    await expect(done).rejects.toThrow('stop');
    expect(started).toEqual([0, 1]);
  });

  it('rejects a limit that is not a positive integer', async () => {
    await expect(mapLimit([1], 0, async (x) => x)).rejects.toThrow(RangeError);
    await expect(mapLimit([1], 1.5, async (x) => x)).rejects.toThrow(RangeError);
  });
});
