import type { Recorder, ScopeStats } from '../recorder/index.js';
import type { Check, CheckResult } from './check.js';
import { compare } from './compare.js';
import { formatThreshold } from './format-check.js';
import { judgeWindows, type WindowJudge } from './window-judge.js';

/**
 * Measures a check's value on one scope. `elapsedSec` is how long the schedule ran, for `rate`.
 * Returns null when nothing the check needs was measured (e.g. a percentile with no answer).
 *
 * @example
 * ```ts
 * measure(parseCheck('error_rate <= 1%'), recorder.overall, 30) // 0.002
 * ```
 */
export function measure(check: Check, scope: ScopeStats, elapsedSec: number): number | null {
  const m = check.metric;
  const c = scope.counts();
  const ratio = (n: number, d: number): number | null => (d > 0 ? n / d : null);
  switch (m.kind) {
    case 'share': {
      const s = scope.share(m.op, m.boundMs);
      return Number.isNaN(s) ? null : s;
    }
    case 'percentile':
      return scope.percentile(m.p);
    case 'mean':
    case 'min':
    case 'max':
      return scope.latencySummary()[m.kind];
    case 'error_rate':
      // An arrival that could not be made is an error too, though it never left the client.
      return ratio(c.failed + c.unsent, c.completed + c.unsent);
    case 'failed':
      return c.failed;
    case 'dropped':
      return c.dropped;
    case 'dropped_rate':
      return ratio(c.dropped, c.scheduled);
    case 'rate':
      return ratio(c.sent, elapsedSec);
    case 'expected_rate': {
      const e = scope.expectedShare();
      return Number.isNaN(e) ? null : e;
    }
    // Measured on the whole run, by evaluateChecks: a scope alone does not know the plan.
    case 'delivered':
    case 'send_lateness_p99':
    case 'server_cpu':
    case 'server_rss_growth':
      return null;
  }
}

/**
 * The planned rate and the rate achieved, for `delivered`. A finished run's achieved rate is
 * what it sent over the window its sends took; a live view's is its recent rate.
 *
 * @example
 * ```ts
 * const load: PlannedLoad = { rate: 200, achievedRate: 199.8 }
 * ```
 */
export interface PlannedLoad {
  readonly rate: number;
  readonly achievedRate: number;
  /** How long each stage ran, in s, for a stage's `rate`. */
  readonly stageSec?: Readonly<Record<string, number>>;
}

/**
 * What the watched servers did, for the server checks: the highest mean CPU of any server over
 * the run, and the most any server's memory grew (null: nothing watched, or nothing read).
 *
 * @example
 * ```ts
 * const s: ServerFigures = { cpu: 0.42, memGrowthMB: 3.5 }
 * ```
 */
export interface ServerFigures {
  readonly cpu: number | null;
  readonly memGrowthMB: number | null;
}

/**
 * Measures a check on the whole run: the scope's metrics, and those of the run itself.
 * `delivered` is the achieved rate over the planned rate: arrivals dropped, or held back by the
 * in-flight limit until after the schedule, lower it; none is measured without a planned rate
 * (a closed loop). `send_lateness_p99` is how late the generator handled its arrivals.
 */
function measureRun(
  check: Check,
  recorder: Recorder,
  elapsedSec: number,
  load: PlannedLoad | undefined,
  server: ServerFigures | undefined,
): number | null {
  switch (check.metric.kind) {
    case 'server_cpu':
      return server?.cpu ?? null;
    case 'server_rss_growth':
      return server?.memGrowthMB ?? null;
    case 'delivered': {
      return load && load.rate > 0 ? load.achievedRate / load.rate : null;
    }
    case 'send_lateness_p99':
      return recorder.latenessSummary().p99;
    default:
      return measure(check, recorder.overall, elapsedSec);
  }
}

/**
 * Evaluates checks on a recorder: each on the whole run, or on the group or stage it names, or
 * over every window of its seconds (`judges` holds a live run's windows, judged as its seconds
 * closed; without them they are judged from the recorder's seconds). A check with nothing
 * measured fails: no evidence is not a pass. A check on a group that never ran fails the same way.
 *
 * @example
 * ```ts
 * evaluateChecks([parseCheck('share(<=170ms) >= 95%')], recorder, 30)[0].pass
 * ```
 */
export function evaluateChecks(
  checks: readonly Check[],
  recorder: Recorder,
  elapsedSec: number,
  load?: PlannedLoad,
  server?: ServerFigures,
  judges?: ReadonlyMap<Check, WindowJudge>,
): CheckResult[] {
  return checks.map((check) => {
    const expected = `${check.op} ${formatThreshold(check.threshold, check.unit)}`;
    if (check.windowSec !== undefined) {
      // Judged over every window: its worst stands for it, and it passes only if each window does.
      const judge = judges?.get(check) ?? judgeWindows(check, recorder.series.closedStates());
      const worst = judge.worst;
      return {
        ...check,
        actual: worst?.actual ?? null,
        expected,
        pass: judge.pass,
        ...(worst ? { window: worst } : {}),
        windows: { judged: judge.judged, failed: judge.failed },
      };
    }
    let actual: number | null;
    const group = check.group ?? check.scenario;
    if (group !== undefined) {
      const scope = recorder.groups.get(group);
      actual = scope ? measure(check, scope, elapsedSec) : null;
    } else if (check.stage !== undefined) {
      const scope = recorder.stages.get(check.stage);
      actual = scope ? measure(check, scope, load?.stageSec?.[check.stage] ?? 0) : null;
    } else actual = measureRun(check, recorder, elapsedSec, load, server);
    return { ...check, actual, expected, pass: actual !== null && compare(actual, check.op, check.threshold) };
  });
}

/**
 * Every latency bound that the checks' shares use, so the recorder counts them exactly.
 *
 * @example
 * ```ts
 * shareBounds([parseCheck('share(<=170ms) >= 95%')]) // [170]
 * ```
 */
export function shareBounds(checks: readonly Check[]): number[] {
  return [...new Set(checks.flatMap((c) => (c.metric.kind === 'share' ? [c.metric.boundMs] : [])))];
}
