/**
 * Parses accepted statuses such as `200-399`, `200-299,404` or `2xx,3xx` into a predicate.
 * Returns undefined if the text is not a list of statuses or ranges.
 *
 * @example
 * ```ts
 * parseStatusRanges('200-299,404')?.(404) // true
 * parseStatusRanges('2xx')?.(204) // true
 * ```
 */
export function parseStatusRanges(text: string): ((status: number) => boolean) | undefined {
  const ranges: [number, number][] = [];
  for (const part of text.split(',').map((p) => p.trim())) {
    let m = /^([1-5])xx$/i.exec(part);
    if (m) {
      const base = Number(m[1]) * 100;
      ranges.push([base, base + 99]);
      continue;
    }
    m = /^(\d{3})(?:-(\d{3}))?$/.exec(part);
    if (!m) return undefined;
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    if (lo < 100 || hi > 599 || hi < lo) return undefined;
    ranges.push([lo, hi]);
  }
  return (status) => ranges.some(([lo, hi]) => status >= lo && status <= hi);
}
