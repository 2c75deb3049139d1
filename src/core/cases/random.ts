/**
 * A small seeded pseudo-random generator (mulberry32): fast, 32-bit state, good enough to
 * shuffle cases and pick demo data reproducibly. Not for cryptography.
 *
 * @example
 * ```ts
 * const rnd = seededRandom(42)
 * rnd() // a float in [0, 1), the same sequence for the same seed
 * ```
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Shuffles `items` in place (Fisher–Yates) with the given random source and returns it.
 *
 * @example
 * ```ts
 * shuffleInPlace([1, 2, 3], seededRandom(1))
 * ```
 */
export function shuffleInPlace<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = items[i] as T;
    items[i] = items[j] as T;
    items[j] = tmp;
  }
  return items;
}
