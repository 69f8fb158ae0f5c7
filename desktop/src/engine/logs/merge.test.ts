import { describe, expect, it } from 'vitest';
import type { LogLine } from './logs.js';
import { interleave, mergeByTime } from './merge.js';

const line = (service: string, timeNs: string, text: string): LogLine => ({
  service,
  container: `${service}-1`,
  stream: 'stdout',
  time: Number(BigInt(timeNs) / 1_000_000n),
  timeNs,
  text,
});

describe('mergeByTime', () => {
  it('merges lists in time order, exact to the nanosecond', () => {
    const a = [line('a', '1000000001', 'a1'), line('a', '1000000005', 'a2'), line('a', '3000000000', 'a3')];
    const b = [line('b', '1000000002', 'b1'), line('b', '2000000000', 'b2')];
    expect(mergeByTime([a, b]).map((l) => l.text)).toEqual(['a1', 'b1', 'a2', 'b2', 'a3']);
  });

  it('is stable: equal times come in list order, and a list keeps its own order', () => {
    const a = [line('a', '5', 'a1'), line('a', '5', 'a2')];
    const b = [line('b', '5', 'b1'), line('b', '5', 'b2')];
    const c = [line('c', '4', 'c1'), line('c', '5', 'c2')];
    expect(mergeByTime([a, b, c]).map((l) => l.text)).toEqual(['c1', 'a1', 'a2', 'b1', 'b2', 'c2']);
    expect(mergeByTime([b, a, c]).map((l) => l.text)).toEqual(['c1', 'b1', 'b2', 'a1', 'a2', 'c2']);
  });

  it('handles empty lists, a single list and no lists', () => {
    expect(mergeByTime([])).toEqual([]);
    expect(mergeByTime([[], []])).toEqual([]);
    const a = [line('a', '2', 'x'), line('a', '1', 'out of order stays')];
    expect(mergeByTime([[], a, []]).map((l) => l.text)).toEqual(['x', 'out of order stays']);
  });

  it('keeps lines without a time right after their predecessor; ms-only times also work', () => {
    const a: LogLine[] = [
      line('a', '1000000', 'a1'),
      { service: 'a', container: 'a-1', stream: 'stderr', text: 'untimed' },
      line('a', '5000000', 'a3'),
    ];
    const b: LogLine[] = [{ service: 'b', container: 'b-1', stream: 'stdout', time: 2, text: 'b at 2 ms' }];
    expect(mergeByTime([a, b]).map((l) => l.text)).toEqual(['a1', 'untimed', 'b at 2 ms', 'a3']);
  });

  it('matches a stable sort on random input (many lists)', () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const lists = Array.from({ length: 7 }, (_, k) => {
      let t = 1_000_000_000;
      return Array.from({ length: Math.floor(random() * 200) }, (_, i) =>
        line(`s${k}`, String((t += Math.floor(random() * 3))), `s${k}-${i}`),
      );
    });
    const expected = lists
      .flatMap((list, k) => list.map((l, i) => ({ l, k, i })))
      .sort((x, y) => Number(BigInt(x.l.timeNs!) - BigInt(y.l.timeNs!)) || x.k - y.k || x.i - y.i)
      .map((x) => x.l.text);
    expect(mergeByTime(lists).map((l) => l.text)).toEqual(expected);
  });
});

describe('interleave', () => {
  async function* timed(values: [number, string][]) {
    for (const [delay, value] of values) {
      await new Promise((resolve) => setTimeout(resolve, delay));
      yield value;
    }
  }

  it('yields values as they arrive from every source and ends when all end', async () => {
    const seen: string[] = [];
    for await (const value of interleave([
      timed([
        [0, 'a1'],
        [40, 'a2'],
      ]),
      timed([[20, 'b1']]),
      timed([]),
    ]))
      seen.push(value);
    expect(seen).toEqual(['a1', 'b1', 'a2']);
  });

  it('on early exit calls stop first, then closes the sources', async () => {
    const events: string[] = [];
    let release: () => void = () => undefined;
    async function* blocked() {
      try {
        yield 'first';
        await new Promise<void>((resolve) => (release = resolve));
        yield 'never';
      } finally {
        events.push('closed');
      }
    }
    for await (const value of interleave([blocked()], () => {
      events.push('stop');
      release();
    })) {
      events.push(value);
      break;
    }
    expect(events).toEqual(['first', 'stop', 'closed']);
  });

  it('propagates an error of one source and stops the others', async () => {
    let stopped = false;
    async function* failing() {
      yield 'first';
      await new Promise((resolve) => setTimeout(resolve, 5));
      throw new Error('engine went away');
    }
    async function* slow() {
      while (!stopped) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        yield 'tick';
      }
    }
    const consume = async () => {
      for await (const value of interleave([failing(), slow()], () => (stopped = true))) void value;
    };
    await expect(consume()).rejects.toThrow('engine went away');
    expect(stopped).toBe(true);
  });
});
