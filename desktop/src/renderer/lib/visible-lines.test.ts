import { describe, expect, it } from 'vitest';
import { RingBuffer } from './ring-buffer.js';
import { allLines, FilteredLines } from './visible-lines.js';

const entries = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => ({ seq: from + i }));

describe('FilteredLines', () => {
  it('tests only new entries and lets dropped ones fall off the front', () => {
    const ring = new RingBuffer<{ seq: number }>(10);
    let tested = 0;
    const even = new FilteredLines<{ seq: number }>((e) => {
      tested++;
      return e.seq % 2 === 0;
    });
    ring.push(entries(0, 6));
    let view = even.update(ring, 1);
    expect(Array.from({ length: view.length }, (_, i) => view.at(i)?.seq)).toEqual([0, 2, 4]);
    expect(tested).toBe(6);

    ring.push(entries(6, 14)); // 0..3 dropped
    view = even.update(ring, 2);
    expect(Array.from({ length: view.length }, (_, i) => view.at(i)?.seq)).toEqual([4, 6, 8, 10, 12]);
    expect(tested).toBe(14);
    expect(view.rowOf(8)).toBe(2);
    expect(view.rowOf(9)).toBe(-1);
  });

  it('starts over when the buffer is cleared', () => {
    const ring = new RingBuffer<{ seq: number }>(5);
    const all = new FilteredLines<{ seq: number }>(() => true);
    ring.push(entries(0, 3));
    all.update(ring, 1);
    ring.clear();
    ring.push(entries(3, 5));
    const view = all.update(ring, 2);
    expect(view.length).toBe(2);
    expect(view.at(0)?.seq).toBe(3);
  });
});

describe('allLines', () => {
  it('maps seqs to rows without copying', () => {
    const ring = new RingBuffer<{ seq: number }>(3);
    ring.push(entries(0, 5));
    const view = allLines(ring, 1);
    expect(view.length).toBe(3);
    expect(view.rowOf(2)).toBe(0);
    expect(view.rowOf(1)).toBe(-1);
  });
});
