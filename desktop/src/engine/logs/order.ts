// Putting lines of several sources in order: a k-way merge by time for finished lists, and an
// interleaving of live async iterators. Pure; no engine calls.
import { compareTimeNs } from './parse.js';

/** What the ordering needs of a line. */
export interface Timed {
  time?: number;
  timeNs?: string;
}

/** Min-heap keyed by (time, list index): ties go to the earlier list, so the merge is stable. */
interface Head {
  list: number;
  index: number;
  key: string;
}

function less(a: Head, b: Head): boolean {
  const byTime = compareTimeNs(a.key, b.key);
  return byTime !== 0 ? byTime < 0 : a.list < b.list;
}

function keyOf<T extends Timed>(line: T, previous: string): string {
  if (line.timeNs !== undefined) return line.timeNs;
  if (line.time !== undefined && Number.isFinite(line.time) && line.time >= 0)
    return (BigInt(Math.floor(line.time)) * 1_000_000n).toString();
  // No time: keep it right after the line before it in its own list.
  return previous;
}

/**
 * Merges lists that are each in time order into one list in time order (k-way merge, O(n log k)).
 * Stable: lines of one list keep their order, and lines with the same time come in list order (so
 * pass the lists in service order). A line without a time stays right after its predecessor.
 */
export function mergeByTime<T extends Timed>(lists: readonly (readonly T[])[]): T[] {
  const out: T[] = [];
  const heap: Head[] = [];
  const push = (head: Head) => {
    heap.push(head);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!less(heap[i] as Head, heap[parent] as Head)) break;
      [heap[i], heap[parent]] = [heap[parent] as Head, heap[i] as Head];
      i = parent;
    }
  };
  const pop = (): Head => {
    const top = heap[0] as Head;
    const last = heap.pop() as Head;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < heap.length && less(heap[left] as Head, heap[smallest] as Head)) smallest = left;
        if (right < heap.length && less(heap[right] as Head, heap[smallest] as Head)) smallest = right;
        if (smallest === i) break;
        [heap[i], heap[smallest]] = [heap[smallest] as Head, heap[i] as Head];
        i = smallest;
      }
    }
    return top;
  };

  lists.forEach((list, i) => {
    const first = list[0];
    if (first !== undefined) push({ list: i, index: 0, key: keyOf(first, '0') });
  });
  while (heap.length > 0) {
    const head = pop();
    const list = lists[head.list] as readonly T[];
    out.push(list[head.index] as T);
    const next = list[head.index + 1];
    if (next !== undefined) push({ list: head.list, index: head.index + 1, key: keyOf(next, head.key) });
  }
  return out;
}

/**
 * Yields the values of several async iterators as they arrive. Ends when all have ended; if one
 * throws, the others are stopped and the error propagates. `stop` is called when the interleaving
 * ends early or fails, *before* the other iterators are closed: use it to abort their pending reads
 * (an async generator waiting for data cannot be closed until that wait ends).
 */
export async function* interleave<T>(
  sources: readonly AsyncIterable<T>[],
  stop?: () => void,
): AsyncGenerator<T, void, undefined> {
  const iterators = sources.map((source) => source[Symbol.asyncIterator]());
  type Result = { i: number; result: IteratorResult<T> };
  const pending = new Map<number, Promise<Result>>();
  const read = (i: number) =>
    pending.set(
      i,
      (iterators[i] as AsyncIterator<T>).next().then((result) => ({ i, result })),
    );
  iterators.forEach((_, i) => read(i));
  let finished = false;
  try {
    while (pending.size > 0) {
      const { i, result } = await Promise.race(pending.values());
      if (result.done) {
        pending.delete(i);
        continue;
      }
      read(i);
      yield result.value;
    }
    finished = true;
  } finally {
    if (!finished) {
      stop?.();
      const open = [...pending.keys()];
      for (const promise of pending.values()) promise.catch(() => undefined);
      await Promise.allSettled(open.map((i) => iterators[i]?.return?.()));
    }
  }
}
