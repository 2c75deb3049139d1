/**
 * A bounded first-in-first-out queue on a ring buffer: O(1) push and shift with no array
 * copying, and a capacity it never grows past (the wait queue must never grow without limit).
 * The ring starts small and doubles as it fills, up to the capacity: a queue that may hold ten
 * million arrivals costs nothing until arrivals wait (a preallocated one took 80 MB at once).
 *
 * @example
 * ```ts
 * const q = new Fifo<number>(2)
 * q.push(1); q.push(2); q.push(3) // false: full
 * q.shift() // 1
 * ```
 */
export class Fifo<T> {
  private items: (T | undefined)[];
  private head = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.items = new Array<T | undefined>(Math.min(Math.max(0, capacity), 16));
  }

  get length(): number {
    return this.count;
  }

  /** Adds an item at the back; returns false (and keeps nothing) when full. */
  push(item: T): boolean {
    if (this.count >= this.capacity) return false;
    if (this.count === this.items.length) this.grow();
    this.items[(this.head + this.count) % this.items.length] = item;
    this.count++;
    return true;
  }

  /** Removes and returns the front item, or undefined when empty. */
  shift(): T | undefined {
    if (this.count === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) % this.items.length;
    this.count--;
    return item;
  }

  /** Doubles the ring (up to the capacity), unrolled so the front is at 0 again. */
  private grow(): void {
    const next = new Array<T | undefined>(Math.min(this.capacity, Math.max(16, this.items.length * 2)));
    for (let i = 0; i < this.count; i++) next[i] = this.items[(this.head + i) % this.items.length];
    this.items = next;
    this.head = 0;
  }
}
