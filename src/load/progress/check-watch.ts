import { type Check, type Decision, decideCheck, WindowJudge } from '../../core/checks/index.js';
import type { Recorder } from '../../core/recorder/index.js';
import { type Plan, planSchedule } from '../plan/index.js';

/**
 * A check decided while the run went on: how, and when (s into the run).
 *
 * @example
 * ```ts
 * const d: DecidedCheck = { check, decision: { verdict: 'fail', what: 'over', count: 3601, of: 360000 }, atSec: 252 }
 * ```
 */
export interface DecidedCheck {
  readonly check: Check;
  readonly decision: Decision;
  readonly atSec: number;
}

/**
 * Follows a run's checks while it runs: judges the windowed ones as each second closes (each
 * second once), and notes the moment each check is decided (see `decideCheck`), so the live
 * views can say passing, failing so far or decided, and a check that asks for it can stop a
 * doomed run. One per run, fed the recorder (a live one, or a merged view of the workers') about
 * once a second.
 *
 * @example
 * ```ts
 * const watch = new CheckWatch(plan)
 * setInterval(() => { watch.update(recorder, run.elapsedMs()); const stop = watch.stopFor(run.elapsedMs()) }, 1000)
 * ```
 */
export class CheckWatch {
  /** The windowed checks' judges, for `evaluateChecks`. */
  readonly judges = new Map<Check, WindowJudge>();
  private readonly decided = new Map<Check, DecidedCheck>();
  private readonly maxRequests: number | undefined;
  private nextSecond = 1;

  constructor(
    private readonly plan: Pick<Plan, 'checks' | 'connections' | 'scenarios' | 'segment'> &
      Parameters<typeof planSchedule>[0],
  ) {
    for (const c of plan.checks) if (c.windowSec !== undefined) this.judges.set(c, new WindowJudge(c));
    // The most requests the plan can make: its arrivals, each as many as its longest flow's steps.
    const steps = Math.max(1, ...(plan.scenarios ?? []).map((s) => s.steps ?? 1));
    this.maxRequests = plan.connections ? undefined : planSchedule(plan).total * steps;
  }

  /** Judges the seconds closed since the last call and decides what can be; `elapsedMs` dates what is decided now. */
  update(recorder: Recorder, elapsedMs: number): void {
    const seconds = recorder.series.closedStates(this.nextSecond);
    for (const s of seconds) for (const judge of this.judges.values()) judge.push(s);
    this.nextSecond += seconds.length;
    for (const check of this.plan.checks) {
      const before = this.decided.get(check);
      if (before?.decision.verdict === 'fail') continue;
      const decision = decideCheck(check, recorder, this.maxRequests, this.judges.get(check));
      if (!decision || decision.verdict === before?.decision.verdict) continue;
      // A window's failure is dated by its last second; a count's, by now.
      const atSec = decision.window ? decision.window.toSecond : Math.round(elapsedMs / 100) / 10;
      this.decided.set(check, { check, decision, atSec });
    }
  }

  /** How a check stands decided, if it is. */
  decisionOf(check: Check): DecidedCheck | undefined {
    return this.decided.get(check);
  }

  /**
   * The first check decided failed that asks to stop the run (`abortOnFail`), once past its grace
   * time. Never on one segment of several: its checks say nothing of the whole test, whose
   * coordinator (`lptf coordinate`) decides and stops them all.
   */
  stopFor(elapsedMs: number): DecidedCheck | undefined {
    if (isPart(this.plan)) return undefined;
    for (const check of this.plan.checks) {
      const d = this.decided.get(check);
      if (d?.decision.verdict === 'fail' && check.abortOnFail && elapsedMs >= check.abortOnFail.graceMs) return d;
    }
    return undefined;
  }

  /** Whether any check asks to stop the run when it fails: the run must then be watched even with no live view. */
  static wanted(plan: Pick<Plan, 'checks' | 'segment'>): boolean {
    return !isPart(plan) && plan.checks.some((c) => c.abortOnFail);
  }
}

/** Whether a plan is one segment of a test spread over several instances. */
function isPart(plan: Pick<Plan, 'segment'>): boolean {
  return (plan.segment?.count ?? 1) > 1;
}
