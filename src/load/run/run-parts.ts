import { type CaseSource, noCases, shuffledCases, stripedCases, type TestCase } from '../../core/cases/index.js';
import { shareBounds } from '../../core/checks/index.js';
import { Recorder, type SecondSeries } from '../../core/recorder/index.js';
import { ClosedLoopRun } from '../../core/run/closed-loop-run.js';
import { LoadRun } from '../../core/run/load-run.js';
import { rehearse } from '../../core/run/rehearse.js';
import type { SendOptions } from '../../core/run/request-sender.js';
import type { Run } from '../../core/run/run.js';
import { constantRate, type Schedule, stripedSchedule } from '../../core/schedule/index.js';
import { h1Transport, type Transport, undiciTransport } from '../../core/transport/index.js';
import { type Plan, peakRate, planSchedule, type ResolvedPlan } from '../plan/index.js';
import { takeSnapshot } from '../progress/index.js';
import { redirectFollower } from '../protocol/follow-redirects.js';
import type { RequestPlan } from '../protocol/protocol.js';
import type { WarmupResult } from '../result/index.js';
import { finishRun } from './finish-run.js';

/**
 * Which share of a plan a sender runs: stripe `index` of `count`. A striped run's clock is
 * `performance.timeOrigin + performance.now()`, the same in every thread, so all stripes can
 * start at one time.
 *
 * @example
 * ```ts
 * const s: Stripe = { index: 0, count: 4 }
 * ```
 */
export interface Stripe {
  readonly index: number;
  readonly count: number;
}

/**
 * A plan's recorder: exact counters for every bound a check uses; answers slower than the
 * strictest pass/fail bound count as slow in the phase table. `series`: a time series to share
 * (a merged view keeps one while it is rebuilt each second).
 *
 * @example
 * ```ts
 * const recorder = recorderFor(plan)
 * ```
 */
export function recorderFor(plan: Plan, series?: SecondSeries): Recorder {
  const checkBounds = shareBounds(plan.checks);
  return new Recorder(
    shareBounds([...plan.checks, ...plan.info]),
    checkBounds.length > 0 ? Math.min(...checkBounds) : null,
    series,
  );
}

const REHEARSAL_TIMING = {
  startMs: 0,
  startedAt: new Date(0),
  scheduleMs: 2_001,
  sendWindowMs: 2_001,
  totalMs: 2_001,
  interrupted: true,
};
/** A plug-in protocol's code is its author's: the rehearsal then only runs lptf's recording path. */
const NOTHING_TO_REHEARSE = {
  buildRequest: () => ({ method: 'GET', path: '/', headers: {} }),
  classify: () => ({ ok: true }) as const,
};

const REHEARSAL_USAGE = { cpuUserMs: 0, cpuSystemMs: 0, maxRssMB: 0, eventLoopDelayMs: { p50: 0, p99: 0, max: 0 } };

/** This stripe's share of `n` (connections, queue places): `n / count`, the remainder to the first stripes. */
const shareOf = (n: number, stripe: Stripe | undefined): number =>
  stripe ? Math.floor(n / stripe.count) + (stripe.index < n % stripe.count ? 1 : 0) : n;

/**
 * What sends a plan: the run, its recorder and transport, and how many connections to open
 * before it starts.
 *
 * @example
 * ```ts
 * const { run, transport, warm }: RunParts = buildRunParts(resolved)
 * ```
 */
export interface RunParts {
  readonly run: Run;
  readonly recorder: Recorder;
  readonly transport: Transport;
  /**
   * Connections to open before the start: what ~10 ms of answers at the planned rate keep busy
   * (at least 8), or every connection of a closed loop. Opening them during the first second
   * instead made it the run's worst (p99 130 ms at 20,000 req/s, against 1.8 ms once warm; measured).
   */
  readonly warm: number;
  /**
   * Runs the send path and the per-second snapshot on throwaway data, before the start (see
   * `rehearse`): the first requests then cost what later ones cost. Call it while the
   * connections open; nothing reaches the target or the run's figures.
   */
  readonly rehearse: () => void;
  /**
   * The plan's warm-up (`--warmup`), if it has one: this stripe's share of its arrivals, sent on
   * the run's transport through the scenarios' code into a recorder of its own, at the plan's
   * mean rate. Start it once the connections are open, and the run once it is done.
   */
  readonly warmUp?: () => WarmUp;
}

/**
 * A warm-up under way: what it sent once it is done, and how to cut it short (Ctrl-C).
 *
 * @example
 * ```ts
 * const w: WarmUp = parts.warmUp!(); process.once('SIGINT', () => w.stop()); await w.done
 * ```
 */
export interface WarmUp {
  readonly done: Promise<WarmupResult>;
  stop(): void;
}

/**
 * The request a plan describes, as its protocol's builder and judge take it; `setup`: what a load
 * file's `setup()` returned, for its code.
 *
 * @example
 * ```ts
 * const build = plan.protocol.requestBuilder(requestPlanOf(plan))
 * ```
 */
export function requestPlanOf(plan: Plan, setup?: unknown): RequestPlan {
  return {
    method: plan.method,
    path: plan.path,
    headers: plan.headers,
    isOk: plan.isOk,
    ...(plan.body ? { body: plan.body } : {}),
    ...(setup === undefined ? {} : { setup }),
  };
}

/**
 * Builds what sends a plan (or one stripe of it): the recorder, the transport and the run;
 * `setup`: what the load file's `setup()` returned, for its scenarios' code.
 *
 * @example
 * ```ts
 * const { run, recorder, transport } = buildRunParts(resolved)
 * await run.start()
 * ```
 */
export function buildRunParts(resolved: ResolvedPlan, stripe?: Stripe, given?: Transport, setup?: unknown): RunParts {
  const { plan, caseGroups } = resolved;
  // The plan's segment (of instances) first, then this thread's stripe of it: stripes compose.
  const stripes = [plan.segment, stripe].filter((s): s is Stripe => s !== undefined);
  const share = (n: number): number => stripes.reduce((m, s) => shareOf(m, s), n);
  const recorder = recorderFor(plan);
  const connections = Math.max(1, share(plan.connections ?? plan.maxInflight));
  const parts = stripes.reduce((n, s) => n * s.count, 1);
  const peak = peakRate(plan);
  const warm = Math.min(connections, plan.connections ? connections : Math.max(8, Math.ceil(peak / parts / 100)));
  // A protocol that reads its replies (the widget verifies and decrypts them) keeps their bodies; plain HTTP only counts bytes.
  const transportOptions = {
    connections,
    timeoutMs: plan.timeoutMs,
    keepBody: plan.protocol.keepBody,
    keepHeaders: plan.protocol.keepHeaders ?? false,
    insecure: plan.insecure,
  };
  const own = plan.protocol.transport;
  const transport =
    given ??
    (own
      ? own.open(plan.origin, transportOptions, share)
      : (plan.client === 'undici' ? undiciTransport : h1Transport)(plan.origin, transportOptions));
  const casesOf = (): CaseSource => {
    const cases = caseGroups.length > 0 ? shuffledCases(caseGroups, plan.seed) : noCases();
    // A load file's arrivals are laid out on the whole run's order, then striped like the cases.
    const all = resolved.arrivals ? resolved.arrivals(cases) : cases;
    return stripes.reduce((c, s) => stripedCases(c, s.index, s.count), all);
  };
  const cases = casesOf();
  const request = requestPlanOf(plan, setup);
  const render = plan.protocol.requestBuilder(request);
  const classify = plan.protocol.classifier(request);
  // Its own builder, judge, cases and recorder: nothing of it may reach the run's, and no user's
  // code runs in it (a load file's request() counting its calls saw 2,000 calls per thread before).
  const rehearsal = (): void => {
    const scratch = recorderFor(plan);
    const dry = { ...request, rehearsal: true };
    rehearse(
      plan.protocol.rehearses
        ? { buildRequest: plan.protocol.requestBuilder(dry), classify: plan.protocol.classifier(dry) }
        : NOTHING_TO_REHEARSE,
      casesOf(),
      scratch,
    );
    takeSnapshot(plan, scratch, 2_001, 0);
    // A run with --out checkpoints: it builds a result and freezes the recorder. Their first pass
    // held the event loop 18 ms at 400/s (9 ms the result, 6 ms the freeze, 20 ms more for the
    // time zone's first read; measured), so a few dozen requests went late at the first
    // checkpoint; later ones take ~5 ms.
    finishRun(resolved, scratch, REHEARSAL_TIMING, REHEARSAL_USAGE, '');
  };
  // A stripe's k-th request is request index + k·count of what it stripes, down to the whole run's
  // index, which `{{seq}}` shows.
  const globalSeq = (local: number): number => stripes.reduceRight((i, s) => s.index + i * s.count, local);
  const follow = redirectFollower(plan);
  const nextStep = plan.protocol.nextStep;
  const common: SendOptions & { clock?: () => number } = {
    // Both see the whole run's index: a protocol that answers by it (the widget's user) must match them.
    classify: stripes.length > 0 ? (res, testCase, seq) => classify(res, testCase, globalSeq(seq)) : classify,
    buildRequest: stripes.length > 0 ? (testCase, seq) => render(testCase, globalSeq(seq)) : render,
    ...(nextStep
      ? {
          nextStep:
            stripes.length > 0 ? (testCase: TestCase, seq: number) => nextStep(testCase, globalSeq(seq)) : nextStep,
        }
      : {}),
    ...(follow ? { followRedirect: follow } : {}),
    // Stripes in other threads or on other machines start together on the epoch clock.
    ...(stripes.length > 0 || plan.startAtMs !== undefined
      ? { clock: () => performance.timeOrigin + performance.now() }
      : {}),
  };
  const loadOptions = { ...common, maxInflight: connections, queueCapacity: share(plan.queueCapacity) };
  const striped = (whole: Schedule): Schedule =>
    stripes.reduce((sch, s) => stripedSchedule(sch, s.index, s.count), whole);
  const { warmup } = plan;
  const warmUp =
    warmup && !plan.connections
      ? (): WarmUp => {
          const ms = 'arrivals' in warmup ? (warmup.arrivals * 1000) / plan.rate : warmup.ms;
          const schedule = striped(constantRate(plan.rate, ms));
          const scratch = recorderFor(plan);
          const run = new LoadRun({ ...loadOptions, schedule }, transport, casesOf(), scratch);
          const done = run.start().then((timing): WarmupResult => {
            const o = scratch.overall;
            return {
              arrivals: schedule.total,
              sent: o.sent,
              ok: o.ok,
              failed: o.failed,
              errors: Object.fromEntries(o.errors),
              seconds: Math.round(timing.totalMs) / 1000,
            };
          });
          return { done, stop: () => run.stop() };
        }
      : undefined;
  if (plan.connections)
    return {
      run: new ClosedLoopRun({ ...common, connections, durationMs: plan.durationMs }, transport, cases, recorder),
      recorder,
      transport,
      warm,
      rehearse: rehearsal,
    };
  const run = new LoadRun({ ...loadOptions, schedule: striped(planSchedule(plan)) }, transport, cases, recorder);
  return { run, recorder, transport, warm, rehearse: rehearsal, ...(warmUp ? { warmUp } : {}) };
}
