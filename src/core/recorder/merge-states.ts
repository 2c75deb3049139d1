import { Recorder, type RecorderState } from './recorder.js';
import type { SecondState } from './second-series.js';

/**
 * Merges frozen recorders (of worker threads, or of machines running one test together) into
 * one recorder, as if one generator had recorded every request: counters add, histograms add
 * (HDR histograms merge without loss), and second *n* of each joins second *n* of the others.
 * The states must share their bounds, as every part of one plan does.
 *
 * @example
 * ```ts
 * const all = mergeRecorderStates([worker1.state(), worker2.state()])
 * all.overall.counts().sent // the sum of both
 * ```
 */
export function mergeRecorderStates(states: readonly RecorderState[]): Recorder {
  const first = states[0];
  if (!first) throw new RangeError('nothing to merge');
  const merged = new Recorder(first.boundsMs, first.slowMs);
  for (const s of states) merged.absorb(s);
  appendSeconds(
    merged,
    states.map((s) => s.seconds),
  );
  return merged;
}

/**
 * Appends, second by second, the merge of several series of closed seconds to a recorder's own
 * series (which must end where these begin).
 *
 * @example
 * ```ts
 * appendSeconds(view, [worker1Seconds, worker2Seconds])
 * ```
 */
export function appendSeconds(into: Recorder, series: readonly (readonly SecondState[])[]): void {
  const bySecond = new Map<number, SecondState[]>();
  let last = 0;
  for (const seconds of series) {
    for (const s of seconds) {
      bySecond.set(s.second, [...(bySecond.get(s.second) ?? []), s]);
      last = Math.max(last, s.second);
    }
  }
  const from = into.series.closed().length + 1;
  for (let second = from; second <= last; second++) into.series.appendMerged(bySecond.get(second) ?? []);
}
