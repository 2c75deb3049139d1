import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';
import { type LatencyHistogram, MAX_TRACKED_US, newLatencyHistogram } from './histogram.js';
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
  const decoded = encoder().doDecode(inflateHistogram(hdr), 32);
  // Re-homed into the standard range, so adding it to any lptf histogram is exact.
  const h = newLatencyHistogram();
  h.add(decoded);
  return h;
}

/** The compressed V2 encoding's cookie; the uncompressed encoding's follows with its range. */
const COMPRESSED_COOKIE_BASE = 0x1c849304;
/** What lptf's histograms inflate to at most (their counts array, zigzag-encoded): about 150 kB. */
const MAX_INFLATED_BYTES = 1 << 20;

/**
 * Inflates an encoded histogram, bounded (a crafted one cannot inflate to gigabytes), and checks
 * that it is one of lptf's: 3 significant digits, 1 µs to 1 h. Throws if it is not.
 */
function inflateHistogram(hdr: string): Buffer {
  const bytes = Buffer.from(hdr, 'base64');
  if (bytes.length < 8 || (bytes.readInt32BE(0) & ~0xf0) !== COMPRESSED_COOKIE_BASE)
    throw new Error('not an HdrHistogram (compressed V2) encoding');
  const length = bytes.readInt32BE(4);
  if (length < 0 || 8 + length > bytes.length) throw new Error('its compressed length runs past its end');
  const data = inflateSync(bytes.subarray(8, 8 + length), { maxOutputLength: MAX_INFLATED_BYTES });
  if (data.length < 40) throw new Error('too short for a histogram');
  const digits = data.readInt32BE(12);
  const lowest = Number(data.readBigInt64BE(16));
  const highest = Number(data.readBigInt64BE(24));
  if (digits !== 3 || lowest !== 1 || highest !== MAX_TRACKED_US)
    throw new Error(`not one of lptf's histograms (${digits} digits, ${lowest} to ${highest} µs)`);
  return data;
}

/**
 * Why an encoded histogram read from a file cannot be used, or undefined if it can: it must
 * decode as one of lptf's and hold `count` values (when the count beside it is given).
 *
 * @example
 * ```ts
 * checkHistogram(state.hdr, state.count) // undefined
 * checkHistogram('AAAA') // 'not an HdrHistogram (compressed V2) encoding'
 * ```
 */
export function checkHistogram(hdr: string, count?: number): string | undefined {
  let h: LatencyHistogram;
  try {
    h = decodeHistogram(hdr);
  } catch (err) {
    return `not a histogram lptf can read: ${(err as Error).message}`;
  }
  if (count !== undefined && h.totalCount !== count)
    return `the histogram holds ${h.totalCount} values, the count beside it says ${count}`;
  return undefined;
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
