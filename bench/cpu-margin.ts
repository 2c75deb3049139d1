/**
 * What a long run pays per request, from runs of two lengths: each round's long run less its short
 * one (the start-up: imports, connections, the rehearsal) over the requests between them; the
 * median over the rounds. Shared by the benches that set builds or settings side by side.
 */

/** One run of a bench: its configuration, length, requests sent and the generator's CPU. */
export interface CpuRow<C extends string> {
  readonly config: C;
  readonly seconds: number;
  readonly sent: number;
  readonly cpuMs: number;
  readonly cpuPerRequestUs: number;
}

/** The median of some numbers. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/**
 * CPU µs per request of a configuration at the margin (`long − short` per round, the median) and
 * over its whole long runs (the median of their own figure).
 *
 * @example
 * ```ts
 * const { marginal, whole } = cpuPerRequest(rows, 'after', 3, 10)
 * ```
 */
export function cpuPerRequest<C extends string>(
  rows: readonly CpuRow<C>[],
  config: C,
  short: number,
  long: number,
): { marginal: number; whole: number } {
  const pick = (seconds: number): CpuRow<C>[] => rows.filter((r) => r.config === config && r.seconds === seconds);
  const shorts = pick(short);
  const longs = pick(long);
  return {
    marginal: median(
      longs.map((l, i) => ((l.cpuMs - (shorts[i]?.cpuMs ?? 0)) * 1000) / (l.sent - (shorts[i]?.sent ?? 0))),
    ),
    whole: median(longs.map((r) => r.cpuPerRequestUs)),
  };
}
