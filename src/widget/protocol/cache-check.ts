/**
 * A span of seconds for a sentence: `1.67 s`, `250 ms`.
 *
 * @example
 * ```ts
 * seconds(1.665) // '1.67 s'
 * ```
 */
export function seconds(s: number): string {
  return s < 1 ? `${Math.round(s * 1000)} ms` : `${Number(s.toPrecision(3))} s`;
}

/**
 * How often each case is sent again: every `cases / rate` seconds, the whole set going round.
 *
 * @example
 * ```ts
 * repeatSeconds(333, 200) // 1.665
 * ```
 */
export function repeatSeconds(cases: number, rate: number): number | undefined {
  return cases > 0 && rate > 0 ? cases / rate : undefined;
}

/**
 * The longest cache time the replies declared (`lifespan`, tallied as `lifespan=N`), in seconds.
 *
 * @example
 * ```ts
 * declaredLifespan({ 'lifespan=60': 90, 'lifespan=0': 10 }) // 60
 * ```
 */
export function declaredLifespan(tallies: Readonly<Record<string, number>>): number | undefined {
  const spans = Object.keys(tallies)
    .map((k) => /^lifespan=(\d+)$/.exec(k)?.[1])
    .filter((v): v is string => v !== undefined)
    .map(Number);
  return spans.length > 0 ? Math.max(...spans) : undefined;
}

/**
 * A warning when a case comes round again sooner than an answer may stay cached: the repeats
 * may be answered from the cache, and the figures flatter the service. The cache time is the
 * service's own (`--cache-ttl`) or, without it, the longest `lifespan` the replies declared.
 *
 * @example
 * ```ts
 * cacheWarnings({ rate: 200, cases: 333, tallies: {} }, 60) // ['each case repeats every 1.67 s …']
 * ```
 */
export function cacheWarnings(
  run: { rate: number; cases: number; tallies: Readonly<Record<string, number>> },
  cacheTtlSec?: number,
): string[] {
  const every = repeatSeconds(run.cases, run.rate);
  const ttl = cacheTtlSec ?? declaredLifespan(run.tallies);
  if (every === undefined || ttl === undefined || every >= ttl) return [];
  const source =
    cacheTtlSec === undefined ? 'the lifespan the replies declare' : "the service's cache time (--cache-ttl)";
  const needed = Math.ceil(ttl * run.rate);
  return [
    `each case repeats every ${seconds(every)} (${run.cases} cases at ${run.rate}/s), sooner than ${source}, ${seconds(ttl)}: repeats may be answered from a cache and flatter the figures; at this rate ${needed} distinct cases would not repeat within it`,
  ];
}
