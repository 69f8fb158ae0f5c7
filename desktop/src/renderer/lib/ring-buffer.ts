// A fixed-capacity list that drops its oldest items: log memory stays bounded however long the
// console runs. Items keep their position numbers (`seq`) so views can tell what was dropped.

export class RingBuffer<T> {
  private items: (T | undefined)[];
  private start = 0;
  private size = 0;
  /** How many items were dropped to make room since the last clear. */
  dropped = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error('capacity must be a positive integer');
    this.items = new Array<T | undefined>(capacity);
  }

  get length(): number {
    return this.size;
  }

  /** The i-th oldest item still kept (0 = oldest). */
  at(i: number): T | undefined {
    if (i < 0 || i >= this.size) return undefined;
    return this.items[(this.start + i) % this.capacity];
  }

  push(items: readonly T[]): void {
    // Only the last `capacity` of a large batch can survive: skip the rest outright.
    const skip = Math.max(0, items.length - this.capacity);
    this.dropped += skip;
    for (let k = skip; k < items.length; k++) {
      const item = items[k] as T;
      if (this.size < this.capacity) {
        this.items[(this.start + this.size) % this.capacity] = item;
        this.size++;
      } else {
        this.items[this.start] = item;
        this.start = (this.start + 1) % this.capacity;
        this.dropped++;
      }
    }
  }

  clear(): void {
    this.items = new Array<T | undefined>(this.capacity);
    this.start = 0;
    this.size = 0;
    this.dropped = 0;
  }

  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.size; i++) out.push(this.at(i) as T);
    return out;
  }
}
