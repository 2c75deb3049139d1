import { noCases, shuffledCases, stripedCases, type TestCase } from '../cases/index.js';
import { shareBounds } from '../checks/index.js';
import type { Plan, ResolvedPlan } from '../plan/index.js';
import { Recorder, type SecondSeries } from '../recorder/index.js';
import { constantRate, stripedSchedule } from '../schedule/index.js';
import { h1Transport, undiciTransport, type HttpRequest, type Transport } from '../transport/index.js';
import { widgetClassifier, widgetRequestBuilder } from '../wechat/index.js';
import { ClosedLoopRun } from './closed-loop-run.js';
import { LoadRun } from './load-run.js';
import { statusOutcome } from './outcome.js';
import type { SendOptions } from './request-sender.js';
import type { Run } from './run.js';

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
  return new Recorder(shareBounds([...plan.checks, ...plan.info]), checkBounds.length > 0 ? Math.min(...checkBounds) : null, series);
}

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
}

/**
 * Builds what sends a plan (or one stripe of it): the recorder, the transport and the run.
 *
 * @example
 * ```ts
 * const { run, recorder, transport } = buildRunParts(resolved)
 * await run.start()
 * ```
 */
export function buildRunParts(resolved: ResolvedPlan, stripe?: Stripe, given?: Transport): RunParts {
  const { plan, caseGroups } = resolved;
  const recorder = recorderFor(plan);
  const { widget } = plan;
  const connections = Math.max(1, shareOf(plan.connections ?? plan.maxInflight, stripe));
  const warm = Math.min(connections, plan.connections ? connections : Math.max(8, Math.ceil(plan.rate / (stripe?.count ?? 1) / 100)));
  // The widget protocol reads every reply (to verify and decrypt it); plain HTTP only counts bytes.
  const transportOptions = { connections, timeoutMs: plan.timeoutMs, keepBody: widget !== undefined, insecure: plan.insecure };
  const transport = given ?? (plan.client === 'undici' ? undiciTransport : h1Transport)(plan.origin, transportOptions);
  const widgetRequest = widget ? widgetRequestBuilder(widget.credentials, widget.wire, plan.headers) : undefined;
  const all = caseGroups.length > 0 ? shuffledCases(caseGroups, plan.seed) : noCases();
  const cases = stripe ? stripedCases(all, stripe.index, stripe.count) : all;
  const send: SendOptions = {
    classify: widget ? widgetClassifier(widget.credentials, widget.wire, widget.expect, plan.isOk) : statusOutcome(plan.isOk),
    buildRequest: (testCase: TestCase, seq: number): HttpRequest => {
      const ctx = { testCase, seq };
      if (widgetRequest) return widgetRequest(testCase, seq, plan.path.render(ctx));
      const body = plan.body?.render(ctx);
      return { method: plan.method, path: plan.path.render(ctx), headers: plan.headers, ...(body === undefined ? {} : { body }) };
    },
  };
  const clock = stripe ? () => performance.timeOrigin + performance.now() : undefined;
  // A stripe's k-th request is request index + k·count of the whole run, also for `{{seq}}`.
  const buildRequest: SendOptions['buildRequest'] = stripe ? (testCase, seq) => send.buildRequest(testCase, stripe.index + seq * stripe.count) : send.buildRequest;
  const common = { ...send, buildRequest, ...(clock ? { clock } : {}) };
  if (plan.connections) return { run: new ClosedLoopRun({ ...common, connections, durationMs: plan.durationMs }, transport, cases, recorder), recorder, transport, warm };
  const whole = constantRate(plan.rate, plan.durationMs);
  const schedule = stripe ? stripedSchedule(whole, stripe.index, stripe.count) : whole;
  const run = new LoadRun({ ...common, schedule, maxInflight: connections, queueCapacity: shareOf(plan.queueCapacity, stripe) }, transport, cases, recorder);
  return { run, recorder, transport, warm };
}
