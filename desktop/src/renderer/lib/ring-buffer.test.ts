import { describe, expect, it } from 'vitest';
import { RingBuffer } from './ring-buffer.js';

describe('RingBuffer', () => {
  it('keeps the newest items up to its capacity and counts the dropped ones', () => {
    const ring = new RingBuffer<number>(3);
    ring.push([1, 2]);
    expect(ring.toArray()).toEqual([1, 2]);
    ring.push([3, 4, 5]);
    expect(ring.toArray()).toEqual([3, 4, 5]);
    expect(ring.length).toBe(3);
    expect(ring.dropped).toBe(2);
    expect(ring.at(0)).toBe(3);
    expect(ring.at(3)).toBeUndefined();
  });

  it('takes only the tail of a batch larger than itself', () => {
    const ring = new RingBuffer<number>(4);
    ring.push([0]);
    ring.push(Array.from({ length: 10 }, (_, i) => i + 1));
    expect(ring.toArray()).toEqual([7, 8, 9, 10]);
    expect(ring.dropped).toBe(7);
  });

  it('starts over on clear', () => {
    const ring = new RingBuffer<string>(2);
    ring.push(['a', 'b', 'c']);
    ring.clear();
    expect(ring.length).toBe(0);
    expect(ring.dropped).toBe(0);
    ring.push(['d']);
    expect(ring.toArray()).toEqual(['d']);
  });
});
