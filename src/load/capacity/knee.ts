/**
 * The knee of latency against the offered rate: where latency starts to climb, before the hard
 * limit. Kneedle (Satopää et al., 2011) for an increasing convex curve: both axes normalised to
 * [0, 1], the knee is the point furthest below the diagonal from the first point to the last.
 * Needs three distinct rates and a curve that climbs; otherwise there is no knee to name.
 *
 * @example
 * ```ts
 * kneeOf([{ rate: 100, ms: 2 }, { rate: 200, ms: 2.2 }, { rate: 400, ms: 2.5 }, { rate: 800, ms: 40 }]) // 400
 * ```
 */
export function kneeOf(points: readonly { readonly rate: number; readonly ms: number }[]): number | undefined {
  // One point per rate (a rate run twice counts by its mean), in order of rate.
  const byRate = new Map<number, number[]>();
  for (const p of points) byRate.set(p.rate, [...(byRate.get(p.rate) ?? []), p.ms]);
  const curve = [...byRate]
    .map(([rate, ms]) => ({ rate, ms: ms.reduce((a, b) => a + b, 0) / ms.length }))
    .sort((a, b) => a.rate - b.rate);
  if (curve.length < 3) return undefined;
  const first = curve[0] as { rate: number; ms: number };
  const last = curve.at(-1) as { rate: number; ms: number };
  const spanRate = last.rate - first.rate;
  const spanMs = Math.max(...curve.map((p) => p.ms)) - Math.min(...curve.map((p) => p.ms));
  if (spanRate <= 0 || spanMs <= 0 || last.ms <= first.ms) return undefined;
  const low = Math.min(...curve.map((p) => p.ms));
  let best: { rate: number; gap: number } | undefined;
  for (const p of curve) {
    const x = (p.rate - first.rate) / spanRate;
    const y = (p.ms - low) / spanMs;
    const gap = x - y;
    if (best === undefined || gap > best.gap) best = { rate: p.rate, gap };
  }
  // A curve on or above the diagonal bends no knee: latency climbed from the start.
  return best && best.gap > 0 ? best.rate : undefined;
}
