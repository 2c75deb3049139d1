import { createRequire } from 'node:module';
import { type LatencyHistogram, newLatencyHistogram } from './histogram.js';
import type { ExactStats } from './latency-summary.js';

/**
 * A latency histogram and its exact figures, frozen for a file or a message: the HDR histogram
 * in HdrHistogram's standard compressed V2 encoding (base64, readable by every HdrHistogram
 * library), the exact count, sum, min and max beside it. Adding two of them loses nothing.
 *
 * @example
 * ```ts
 * const s: HistogramState = { hdr: 'HISTFAAAAB…', count: 3, sumMs: 61.5, minMs: 20, maxMs: 21 }
 * ```
 */
export interface HistogramState {
  readonly hdr: string;
  readonly count: number;
  readonly sumMs: number;
  /** Null when empty. */
  readonly minMs: number | null;
  readonly maxMs: number;
}

interface EncodingModule {
  decompress(data: Uint8Array): Uint8Array;
  doDecode(data: Uint8Array, bitBucketSize: number): LatencyHistogram;
}

let encoding: EncodingModule | undefined;
/** hdr-histogram-js's encoder, loaded on first use (it pulls in pako); it patches the histogram class. */
function encoder(): EncodingModule {
  encoding ??= createRequire(import.meta.url)('hdr-histogram-js/dist/JsHistogram.encoding.js') as EncodingModule;
  return encoding;
}

/**
 * Encodes a histogram (HdrHistogram compressed V2, base64).
 *
 * @example
 * ```ts
 * decodeHistogram(encodeHistogram(h)).totalCount === h.totalCount // true
 * ```
 */
export function encodeHistogram(h: LatencyHistogram): string {
  encoder();
  return (h as LatencyHistogram & { encodeIntoCompressedBase64(): string }).encodeIntoCompressedBase64();
}

/**
 * Decodes {@link encodeHistogram}'s output into a histogram of lptf's kind (32-bit counts, 1 µs to 1 h).
 *
 * @example
 * ```ts
 * decodeHistogram(state.hdr).getValueAtPercentile(99)
 * ```
 */
export function decodeHistogram(hdr: string): LatencyHistogram {
  const e = encoder();
  const decoded = e.doDecode(e.decompress(Buffer.from(hdr, 'base64')), 32);
  // Re-homed into the standard range, so adding it to any lptf histogram is exact.
  const h = newLatencyHistogram();
  h.add(decoded);
  return h;
}

/**
 * Freezes a histogram and its exact figures.
 *
 * @example
 * ```ts
 * histogramState(scope.latency, exact).count
 * ```
 */
export function histogramState(h: LatencyHistogram, exact: ExactStats): HistogramState {
  return {
    hdr: encodeHistogram(h),
    count: exact.count,
    sumMs: exact.sumMs,
    minMs: exact.count > 0 ? exact.minMs : null,
    maxMs: exact.maxMs,
  };
}

/**
 * Adds a frozen histogram into a live one and its exact figures.
 *
 * @example
 * ```ts
 * absorbHistogram(scope.latency, exact, otherWorker.latency)
 * ```
 */
export function absorbHistogram(h: LatencyHistogram, exact: ExactStats, state: HistogramState): void {
  if (state.count === 0) return;
  h.add(decodeHistogram(state.hdr));
  exact.count += state.count;
  exact.sumMs += state.sumMs;
  if (state.minMs !== null && state.minMs < exact.minMs) exact.minMs = state.minMs;
  if (state.maxMs > exact.maxMs) exact.maxMs = state.maxMs;
}
