/**
 * The most slots one period of the mix holds: weights are scaled to whole numbers within it, so
 * a share is kept to a thousandth of a percent at worst.
 */
const MAX_PERIOD = 100_000;

/**
 * Which scenario each arrival goes to, by the arrival's index in the whole run: a pure function
 * (so `--workers` stripes, segments and merges agree on it), periodic, and smooth: over any run
 * of consecutive arrivals each scenario's count is within one of its share (the interleaved
 * weighted round robin of nginx's upstreams, laid out once as a table).
 *
 * @example
 * ```ts
 * const mix = scenarioMix([3, 1])
 * Array.from({ length: 8 }, (_, i) => mix(i)) // [0, 0, 1, 0, 0, 0, 1, 0] (3:1, spread out)
 * ```
 */
export function scenarioMix(weights: readonly number[]): (index: number) => number {
  if (weights.length === 0 || weights.some((w) => !(w >= 0) || !Number.isFinite(w)))
    throw new RangeError('weights must be numbers >= 0');
  const total = weights.reduce((a, b) => a + b, 0);
  if (!(total > 0)) throw new RangeError('the weights sum to 0: no scenario would get an arrival');
  if (weights.length === 1) return () => 0;
  const slots = wholeSlots(weights, total);
  const period = slots.reduce((a, b) => a + b, 0);
  const table = new Uint32Array(period);
  const current = slots.map(() => 0);
  for (let i = 0; i < period; i++) {
    let best = 0;
    for (let k = 0; k < slots.length; k++) {
      current[k] = (current[k] ?? 0) + (slots[k] ?? 0);
      if ((current[k] ?? 0) > (current[best] ?? 0)) best = k;
    }
    current[best] = (current[best] ?? 0) - period;
    table[i] = best;
  }
  return (index) => table[index % period] as number;
}

/** The weights as whole numbers with the same ratios: exact when they are whole and small, else scaled to the period. */
function wholeSlots(weights: readonly number[], total: number): number[] {
  if (weights.every(Number.isInteger) && total <= MAX_PERIOD) {
    const g = weights.reduce((a, b) => gcd(a, b));
    return weights.map((w) => w / g);
  }
  return weights.map((w) => Math.round((w / total) * MAX_PERIOD));
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
