/**
 * A bounded first-in-first-out queue on a ring buffer: O(1) push and shift with no array
 * copying, and a fixed capacity set up front (the wait queue must never grow without limit).
 *
 * @example
 * ```ts
 * const q = new Fifo<number>(2)
 * q.push(1); q.push(2); q.push(3) // false: full
 * q.shift() // 1
 * ```
 */
export class Fifo<T> {
  private readonly items: (T | undefined)[];
  private head = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.items = new Array<T | undefined>(Math.max(0, capacity));
  }

  get length(): number {
    return this.count;
  }

  /** Adds an item at the back; returns false (and keeps nothing) when full. */
  push(item: T): boolean {
    if (this.count >= this.capacity) return false;
    this.items[(this.head + this.count) % this.capacity] = item;
    this.count++;
    return true;
  }

  /** Removes and returns the front item, or undefined when empty. */
  shift(): T | undefined {
    if (this.count === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) % this.capacity;
    this.count--;
    return item;
  }
}
