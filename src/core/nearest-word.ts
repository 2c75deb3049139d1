/** Edits (insert, delete, replace) from one word to the other. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(
        (row[j] as number) + 1,
        (next[j - 1] as number) + 1,
        (row[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    row = next;
  }
  return row[b.length] as number;
}

/**
 * The known word a typo most likely meant: the nearest within two edits, case aside; undefined
 * when none is that near. What a "did you mean" says.
 *
 * @example
 * ```ts
 * nearestWord('wieght', ['weight', 'request']) // 'weight'
 * ```
 */
export function nearestWord(typed: string, words: readonly string[]): string | undefined {
  const t = typed.toLowerCase();
  return words
    .map((w) => [w, distance(t, w.toLowerCase())] as const)
    .filter(([, d]) => d <= 2)
    .sort((a, b) => a[1] - b[1])[0]?.[0];
}
