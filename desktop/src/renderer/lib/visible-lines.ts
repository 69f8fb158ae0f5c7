// The log lines a view shows (those passing its filter), kept up to date incrementally: new lines
// are tested once when they arrive and dropped lines fall off the front, so following a fast log
// with a filter on costs per new line, not per line kept.
import type { RingBuffer } from './ring-buffer.js';

export interface Sequenced {
  seq: number;
}

export interface LineIndex<T extends Sequenced> {
  /** The buffer version this index was taken at (the buffer changes in place). */
  version: number;
  length: number;
  at(i: number): T | undefined;
  /** Row of the entry with this seq, or -1 when it is not shown. */
  rowOf(seq: number): number;
}

/** All lines, no copy. */
export function allLines<T extends Sequenced>(buffer: RingBuffer<T>, version: number): LineIndex<T> {
  const first = buffer.at(0)?.seq ?? 0;
  return {
    version,
    length: buffer.length,
    at: (i) => buffer.at(i),
    rowOf: (seq) => (seq >= first && seq - first < buffer.length ? seq - first : -1),
  };
}

export class FilteredLines<T extends Sequenced> {
  private list: T[] = [];
  private head = 0;
  private lastSeq = -1;

  constructor(readonly predicate: (entry: T) => boolean) {}

  /** Brings the list up to date with the buffer and returns a view of it. */
  update(buffer: RingBuffer<T>, version: number): LineIndex<T> {
    const firstSeq = buffer.at(0)?.seq;
    if (firstSeq === undefined) {
      this.list = [];
      this.head = 0;
      this.lastSeq = -1;
    } else {
      while (this.head < this.list.length && (this.list[this.head] as T).seq < firstSeq) this.head++;
      // Compact now and then, so the dropped front does not pile up.
      if (this.head > 4096 && this.head > this.list.length / 2) {
        this.list = this.list.slice(this.head);
        this.head = 0;
      }
      const lastInBuffer = (buffer.at(buffer.length - 1) as T).seq;
      const startRow = Math.max(0, this.lastSeq + 1 - firstSeq);
      for (let i = startRow; i < buffer.length; i++) {
        const entry = buffer.at(i) as T;
        if (this.predicate(entry)) this.list.push(entry);
      }
      this.lastSeq = lastInBuffer;
    }
    const list = this.list;
    const head = this.head;
    return {
      version,
      length: list.length - head,
      at: (i) => list[head + i],
      rowOf: (seq) => {
        let lo = head;
        let hi = list.length - 1;
        while (lo <= hi) {
          const mid = (lo + hi) >> 1;
          const s = (list[mid] as T).seq;
          if (s === seq) return mid - head;
          if (s < seq) lo = mid + 1;
          else hi = mid - 1;
        }
        return -1;
      },
    };
  }
}
