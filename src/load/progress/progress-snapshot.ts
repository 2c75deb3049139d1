import { evaluateChecks, isRunCheck } from '../../core/checks/index.js';
import { RECENT_SECONDS, type Recorder } from '../../core/recorder/index.js';
import { type Plan, plannedRateOver, planSchedule } from '../plan/index.js';
import type { CheckWatch } from './check-watch.js';

/**
 * The state of a run in progress, for a progress line or a live view.
 *
 * @example
 * ```ts
 * const s = takeSnapshot(plan, recorder, run.elapsedMs(), run.inflight)
 * s.verdict // 'passing'
 * ```
 */
export interface ProgressSnapshot {
  readonly elapsedMs: number;
  readonly durationMs: number;
  /** Requests sent per second over the last few seconds. */
  readonly rate: number;
  /** The rate planned now (on a ramp, where it stands); 0 in a closed loop. */
  readonly targetRate: number;
  /** A closed loop: no rate is planned. */
  readonly closedLoop: boolean;
  /** p95 of OK latencies over the last few seconds (ms), or null. */
  readonly recentP95: number | null;
  /** p95 of every OK latency so far (ms), or null. */
  readonly p95: number | null;
  readonly sent: number;
  readonly failed: number;
  readonly dropped: number;
  readonly inflight: number;
  /** The value so far of each pass/fail check, in the plan's order. */
  readonly checks: readonly {
    readonly name: string;
    readonly actual: number | null;
    readonly unit: string;
    readonly expected: string;
    readonly pass: boolean;
    /**
     * `passing` or `failing` so far; `passed` or `failed` once decided: no future of the run can
     * change it (see `decideCheck`).
     */
    readonly state: 'passing' | 'failing' | 'passed' | 'failed';
  }[];
  /** The verdict if the run ended now; `failed` once a check is decided failed; `pending` before anything is answered. */
  readonly verdict: 'passing' | 'failing' | 'failed' | 'pending';
}

/**
 * Reads a snapshot off a recorder mid-run, with the run's `watch` (which judges the windowed
 * checks as seconds close and knows what is decided). Cheap enough to call every second. It reads the
 * recorder's closed seconds as they are: a live recorder's caller closes the seconds that
 * have passed first (`recorder.series.at(elapsedMs)`); a merged view has only closed seconds.
 *
 * @example
 * ```ts
 * setInterval(() => render(takeSnapshot(plan, recorder, run.elapsedMs(), run.inflight)), 1000)
 * ```
 */
export function takeSnapshot(
  plan: Plan,
  recorder: Recorder,
  elapsedMs: number,
  inflight: number,
  watch?: CheckWatch,
): ProgressSnapshot {
  const counts = recorder.overall.counts();
  // Live, the load delivered is the recent rate's share of the plan; before a second has closed there is none.
  // With stages, the plan's rate over the same recent seconds: a ramp is not behind its peak.
  const recent = recorder.series.closed().slice(-RECENT_SECONDS);
  const first = recent[0];
  const last = recent.at(-1);
  const load =
    first && last
      ? {
          rate: plannedRateOver(plan, (first.second - 1) * 1000, last.second * 1000),
          achievedRate: recorder.series.recentArrivalRate(),
        }
      : undefined;
  watch?.update(recorder, elapsedMs);
  const checks = evaluateChecks(plan.checks, recorder, Math.max(elapsedMs, 1) / 1000, load, undefined, watch?.judges);
  const decided = recorder.overall.decided() > 0;
  const snapshotChecks = checks.map((c, i) => {
    const verdict = watch?.decisionOf(plan.checks[i] as (typeof plan.checks)[number])?.decision.verdict;
    const state = verdict === 'fail' ? 'failed' : verdict === 'pass' ? 'passed' : c.pass ? 'passing' : 'failing';
    return { name: c.name, actual: c.actual, unit: c.unit, expected: c.expected, pass: c.pass, state } as const;
  });
  return {
    elapsedMs,
    durationMs: plan.durationMs,
    rate: recorder.series.recentRate(),
    closedLoop: plan.connections !== undefined,
    // On a ramp, the rate planned now, to a tenth.
    targetRate:
      plan.stages || plan.parts ? Math.round((planSchedule(plan).rateAt?.(elapsedMs) ?? 0) * 10) / 10 : plan.rate,
    recentP95: recorder.series.recentPercentile(95),
    p95: recorder.overall.percentile(95),
    sent: counts.sent,
    // Arrivals that could not be made are errors too, though never sent.
    failed: counts.failed + counts.unsent,
    dropped: counts.dropped,
    inflight,
    checks: snapshotChecks,
    // A run check with nothing to measure yet is pending, not failing.
    verdict: !decided
      ? 'pending'
      : snapshotChecks.some((c) => c.state === 'failed')
        ? 'failed'
        : checks.every((c) => c.pass || (isRunCheck(c) && c.actual === null))
          ? 'passing'
          : 'failing',
  };
}
