/** What to throw away when a full queue receives one more item. */
export type WhenFull = 'dropOldest' | 'dropNewest';

/**
 * A FIFO of at most `capacity` items in a fixed ring, so a stuck destination costs bounded memory
 * and O(1) per push whatever the backlog.
 */
export class RingQueue<T> {
  private readonly items: (T | undefined)[];
  private head = 0;
  private count = 0;

  constructor(
    readonly capacity: number,
    private readonly whenFull: WhenFull,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be ≥ 1');
    this.items = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Adds the item; returns the one thrown away to make room (maybe the item itself). */
  push(item: T): T | undefined {
    if (this.count === this.capacity) {
      if (this.whenFull === 'dropNewest') return item;
      const oldest = this.items[this.head];
      this.items[this.head] = item;
      this.head = (this.head + 1) % this.capacity;
      return oldest;
    }
    this.items[(this.head + this.count) % this.capacity] = item;
    this.count++;
    return undefined;
  }

  /** Removes and returns up to `n` items, oldest first. */
  take(n: number): T[] {
    const out: T[] = [];
    while (out.length < n && this.count > 0) {
      out.push(this.items[this.head] as T);
      this.items[this.head] = undefined;
      this.head = (this.head + 1) % this.capacity;
      this.count--;
    }
    return out;
  }
}
