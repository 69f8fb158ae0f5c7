// Bounded concurrency for engine calls (stats of every container, inspect of every service...):
// never more than `limit` promises in flight, results in input order.

/**
 * Maps `items` through `fn` with at most `limit` calls in flight at once. Resolves with the
 * results in input order. If a call rejects, no new calls start and the returned promise rejects
 * with that error once the calls already in flight have settled (nothing keeps running behind
 * the caller's back). If `signal` fires, no new calls start and it rejects with the signal's reason.
 */
export async function mapLimit<T, R>(
  items: Iterable<T>,
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
  signal?: AbortSignal,
): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`mapLimit: limit must be a positive integer, got ${limit}`);
  const list = Array.from(items);
  const results = new Array<R>(list.length);
  let next = 0;
  let failed = false;
  let failure: unknown;

  const worker = async (): Promise<void> => {
    while (!failed && next < list.length) {
      if (signal?.aborted) {
        if (!failed) {
          failed = true;
          failure = signal.reason;
        }
        return;
      }
      const index = next++;
      try {
        results[index] = await fn(list[index] as T, index);
      } catch (error) {
        if (!failed) {
          failed = true;
          failure = error;
        }
        return;
      }
    }
  };

  const workers: Promise<void>[] = [];
  for (let i = 0; i < Math.min(limit, list.length); i++) workers.push(worker());
  await Promise.all(workers);
  if (failed) throw failure;
  return results;
}
