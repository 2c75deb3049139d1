import { type LatencyHistogram, newLatencyHistogram, percentileMs } from '../recorder/histogram.js';
import { decodeHistogram } from '../recorder/histogram-state.js';
import type { SecondState } from '../recorder/second-series.js';
import type { Check, CheckWindow } from './check.js';
import { compare } from './compare.js';

/** A window's sums: what the seconds in it counted. */
interface Sums {
  sent: number;
  ok: number;
  failed: number;
  dropped: number;
  atOrBelow: number;
  below: number;
  /** Whether every second in the window counted the check's share bound (a file of an older lptf may not). */
  bounded: number;
}

/**
 * Judges a check over every sliding window of `check.windowSec` whole seconds, one closed second
 * at a time, so a live run judges each second once, and a 30-minute run at its end costs one
 * pass. Each window's figures come from the sums of its seconds: counts add, share bounds are
 * counted exactly in each second, and latency histograms are merged (added as a second enters the
 * window, subtracted as it leaves), never averaged.
 *
 * @example
 * ```ts
 * const judge = new WindowJudge(parseCheck('error_rate over 5s <= 20%'))
 * for (const s of recorder.series.closedStates()) judge.push(s)
 * judge.end()
 * judge.worst // { fromSecond: 9, toSecond: 13, actual: 0.6 }
 * ```
 */
export class WindowJudge {
  /** The worst window so far: the highest value for a `<`/`<=` check, the lowest for `>`/`>=`. */
  worst: CheckWindow | undefined;
  /** The first window that failed: the moment a windowed check is decided. */
  firstFailed: CheckWindow | undefined;
  /** The latest window judged: the check's value now, for live views. */
  latest: CheckWindow | undefined;
  judged = 0;
  failed = 0;
  private readonly size: number;
  private readonly seconds: SecondState[] = [];
  private readonly sums: Sums = { sent: 0, ok: 0, failed: 0, dropped: 0, atOrBelow: 0, below: 0, bounded: 0 };
  private readonly latency: LatencyHistogram | undefined;

  constructor(readonly check: Check) {
    if (!check.windowSec) throw new RangeError(`"${check.name}" is not judged over windows`);
    this.size = check.windowSec;
    const kind = check.metric.kind;
    this.latency = kind === 'percentile' || kind === 'mean' ? newLatencyHistogram() : undefined;
  }

  /** The next closed second (seconds come in order, none missing); judges the window it completes. */
  push(second: SecondState): void {
    this.seconds.push(second);
    this.add(second, 1);
    if (this.seconds.length > this.size) this.add(this.seconds.shift() as SecondState, -1);
    if (this.seconds.length === this.size) this.judge();
  }

  /** The run is over: one shorter than a window is judged as one window over all its seconds. */
  end(): void {
    if (this.judged === 0 && this.seconds.length > 0) this.judge();
  }

  /** Whether the check holds on every window judged (and at least one was). */
  get pass(): boolean {
    return this.judged > 0 && this.failed === 0;
  }

  private add(s: SecondState, sign: 1 | -1): void {
    const group = this.check.group ?? this.check.scenario;
    const counts = group === undefined ? s : s.groups?.[group];
    this.sums.sent += sign * (counts?.sent ?? 0);
    this.sums.ok += sign * (counts?.ok ?? 0);
    this.sums.failed += sign * (counts?.failed ?? 0);
    if (group === undefined) this.sums.dropped += sign * s.dropped;
    const m = this.check.metric;
    if (m.kind === 'share') {
      const b = s.bounds?.find((x) => x.ms === m.boundMs);
      if (b) {
        this.sums.atOrBelow += sign * b.atOrBelow;
        this.sums.below += sign * b.below;
        this.sums.bounded += sign;
      }
    }
    if (this.latency && s.ok > 0) {
      const h = decodeHistogram(s.hdr);
      if (sign > 0) this.latency.add(h);
      else this.latency.subtract(h);
    }
  }

  private judge(): void {
    const actual = this.measure();
    if (actual === null) return;
    const first = this.seconds[0] as SecondState;
    const last = this.seconds.at(-1) as SecondState;
    const window: CheckWindow = { fromSecond: first.second, toSecond: last.second, actual };
    this.latest = window;
    this.judged++;
    const pass = compare(actual, this.check.op, this.check.threshold);
    if (!pass) {
      this.failed++;
      this.firstFailed ??= window;
    }
    if (this.worst === undefined || this.worse(window, pass)) this.worst = window;
  }

  /** Whether a window is worse than the worst so far: further from passing, or failing first. */
  private worse(w: CheckWindow, pass: boolean): boolean {
    const worst = this.worst as CheckWindow;
    switch (this.check.op) {
      case '<=':
      case '<':
        return w.actual > worst.actual;
      case '>=':
      case '>':
        return w.actual < worst.actual;
      case '==':
        return !pass && compare(worst.actual, '==', this.check.threshold);
    }
  }

  /** The check's value over the window now in it; null when the window measured nothing it needs. */
  private measure(): number | null {
    const m = this.check.metric;
    const s = this.sums;
    const ratio = (n: number, d: number): number | null => (d > 0 ? n / d : null);
    switch (m.kind) {
      case 'share': {
        // The denominator of every share: answered, failed (arrivals never made among them) or dropped.
        const decided = s.ok + s.failed + s.dropped;
        if (s.bounded < this.seconds.length || decided === 0) return null;
        const within = m.op === '<=' || m.op === '>' ? s.atOrBelow : s.below;
        return m.op === '<=' || m.op === '<' ? within / decided : (decided - within) / decided;
      }
      case 'percentile': {
        const h = this.latency as LatencyHistogram;
        const v = percentileMs(h, m.p);
        return v === null ? null : Math.min(v, this.maxMs() ?? v);
      }
      case 'mean': {
        const h = this.latency as LatencyHistogram;
        return h.totalCount > 0 ? h.mean / 1000 : null;
      }
      case 'max':
        return this.maxMs();
      case 'error_rate':
        return ratio(s.failed, s.ok + s.failed);
      case 'failed':
        return s.failed;
      case 'dropped':
        return s.dropped;
      case 'rate':
        return s.sent / this.seconds.length;
      default:
        return null;
    }
  }

  private maxMs(): number | null {
    let max: number | null = null;
    for (const s of this.seconds) if (s.ok > 0 && (max === null || s.maxMs > max)) max = s.maxMs;
    return max;
  }
}

/**
 * Judges a windowed check over a run's closed seconds, start to end.
 *
 * @example
 * ```ts
 * judgeWindows(parseCheck('p(99) over 10s <= 200ms'), recorder.series.closedStates()).worst
 * ```
 */
export function judgeWindows(check: Check, seconds: readonly SecondState[]): WindowJudge {
  const judge = new WindowJudge(check);
  for (const s of seconds) judge.push(s);
  judge.end();
  return judge;
}
