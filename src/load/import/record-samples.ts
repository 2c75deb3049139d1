import { Recorder } from '../../core/recorder/index.js';
import type { RunTiming } from '../../core/run/run.js';
import { exampleKey, type SampleTable } from './sample-table.js';

/**
 * Counts another tool's requests as lptf counts its own: each sent at its start and answered at
 * its end, in time order (the recorder's seconds close as time moves on, and a tool logs a request
 * when it ends, not when it starts). Latency is the tool's elapsed time, from the actual send: the
 * intended send time is not in the file.
 *
 * @example
 * ```ts
 * const { recorder, timing } = recordSamples(table, [170, 870], 170)
 * ```
 */
export function recordSamples(
  table: SampleTable,
  boundsMs: readonly number[],
  slowMs: number | null,
): { recorder: Recorder; timing: RunTiming; peakInFlight: number } {
  const recorder = new Recorder(boundsMs, slowMs);
  const n = table.size;
  const bySend = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => table.startOf(a) - table.startOf(b));
  const byEnd = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => table.endOf(a) - table.endOf(b));
  const t0 = n > 0 ? table.startOf(bySend[0] as number) : 0;
  let lastStart = t0;
  let lastEnd = t0;
  const examplesGiven = new Map<string, number>();
  // The most requests in flight at once: the tool's concurrency (its threads, ab's -c), as it ran.
  let inFlight = 0;
  let peakInFlight = 0;
  // Two sorted streams merged: a send before an answer at the same millisecond.
  for (let s = 0, e = 0; e < n; ) {
    if (s < n && table.startOf(bySend[s] as number) <= table.endOf(byEnd[e] as number)) {
      const x = table.at(bySend[s++] as number);
      recorder.onDue(x.label, null);
      recorder.onSent(x.label, x.startMs - t0);
      lastStart = x.startMs;
      peakInFlight = Math.max(peakInFlight, ++inFlight);
      continue;
    }
    const x = table.at(byEnd[e++] as number);
    const at = x.startMs + x.elapsedMs - t0;
    inFlight--;
    lastEnd = Math.max(lastEnd, x.startMs + x.elapsedMs);
    if (x.ok) recorder.onOk(x.label, x.elapsedMs, x.elapsedMs, x.status ?? 200, at);
    else {
      const kind = x.kind ?? 'error';
      const key = exampleKey(x.label, kind);
      const told = examplesGiven.get(key) ?? 0;
      const example = table.examples.get(key)?.[told];
      if (example) examplesGiven.set(key, told + 1);
      recorder.onFailed(x.label, kind, at, x.status, example ? { example } : {});
    }
    if (x.ttfbMs !== undefined || x.connectMs !== undefined)
      recorder.onWire(x.label, {
        ...(x.ttfbMs === undefined ? {} : { ttfbMs: x.ttfbMs, downloadMs: Math.max(0, x.elapsedMs - x.ttfbMs) }),
        ...(x.connectMs !== undefined && x.connectMs > 0 ? { connectMs: x.connectMs } : {}),
      });
  }
  recorder.series.flush(lastEnd - t0);
  // The sends' window: first to last send, plus one mean interval (as a run's is, to its last due time and one more).
  const span = lastStart - t0;
  const windowMs = n > 1 ? span + span / (n - 1) : 1000;
  const timing: RunTiming = {
    startMs: 0,
    startedAt: new Date(t0),
    scheduleMs: windowMs,
    sendWindowMs: windowMs,
    totalMs: Math.max(windowMs, lastEnd - t0),
    interrupted: false,
  };
  return { recorder, timing, peakInFlight };
}
