import { monitorEventLoopDelay } from 'node:perf_hooks';
import { caseWarnings, noCases, shuffledCases, type TestCase } from '../cases/index.js';
import { shareBounds } from '../checks/index.js';
import type { ResolvedPlan } from '../plan/index.js';
import { takeSnapshot, type ProgressSnapshot } from '../progress/index.js';
import { Recorder } from '../recorder/index.js';
import { buildResult, type ProcessUsage, type RunResult } from '../result/index.js';
import { constantRate } from '../schedule/index.js';
import { h1Transport, undiciTransport, type HttpRequest, type Transport } from '../transport/index.js';
import { TOOL } from '../version.js';
import { widgetClassifier, widgetRequestBuilder } from '../wechat/index.js';
import { ClosedLoopRun } from './closed-loop-run.js';
import { LoadRun } from './load-run.js';
import type { Run } from './run.js';
import { statusOutcome } from './outcome.js';

// Sampled every 20 ms: each sample wakes the event loop, and at 200 req/s a 10 ms sampler alone
// would add a wake-up for every two requests (each costs ~40 µs of CPU on a small VM, measured).
const LOOP_RESOLUTION_MS = 20;

/**
 * Options of {@link startLoadTest}.
 *
 * @example
 * ```ts
 * startLoadTest(resolved, { onProgress: (s) => console.log(s.verdict), command: 'lptf run …' } satisfies StartOptions)
 * ```
 */
export interface StartOptions {
  /**
   * Called about once a second with the run's state, and the recorder for anything more (the
   * live dashboard reads its time series and distribution); it must not record into it.
   */
  readonly onProgress?: (snapshot: ProgressSnapshot, recorder: Recorder) => void;
  /** The command line, credentials already redacted, for the report. */
  readonly command?: string;
  /** A transport other than HTTP/1.1 over undici (tests, other protocols). */
  readonly transport?: Transport;
}

/**
 * A started load test: stop it, or wait for its result.
 *
 * @example
 * ```ts
 * const test: LoadTestHandle = startLoadTest(resolved)
 * ```
 */
export interface LoadTestHandle {
  /** Stops scheduling; requests in flight finish (up to their timeout). */
  stop(): void;
  /** Stops at once, aborting requests in flight. */
  abort(): void;
  /** The result, once every answer is in (also after `stop`/`abort`: nothing measured is lost). */
  readonly result: Promise<RunResult>;
}

/**
 * Starts a load test for a resolved plan: paces requests on the plan's schedule, records every
 * outcome, reports progress, and resolves with the aggregated {@link RunResult}.
 *
 * @example
 * ```ts
 * const resolved = await resolvePlan([{ url: { value: 'http://127.0.0.1:8080/', where: 'url' } }])
 * const test = startLoadTest(resolved)
 * process.once('SIGINT', () => test.stop())
 * const result = await test.result
 * ```
 */
export function startLoadTest(resolved: ResolvedPlan, options: StartOptions = {}): LoadTestHandle {
  const { plan, caseGroups } = resolved;
  // Slow, for the phase table: beyond the strictest bound a pass/fail check puts on latency.
  const checkBounds = shareBounds(plan.checks);
  const recorder = new Recorder(shareBounds([...plan.checks, ...plan.info]), checkBounds.length > 0 ? Math.min(...checkBounds) : null);
  const { widget } = plan;
  // The widget protocol reads every reply (to verify and decrypt it); plain HTTP only counts bytes.
  const transportOptions = { connections: plan.maxInflight, timeoutMs: plan.timeoutMs, keepBody: widget !== undefined };
  const transport = options.transport ?? (plan.client === 'undici' ? undiciTransport : h1Transport)(plan.origin, transportOptions);
  const widgetRequest = widget ? widgetRequestBuilder(widget.credentials, widget.wire, plan.headers) : undefined;
  const cases = caseGroups.length > 0 ? shuffledCases(caseGroups, plan.seed) : noCases();
  const send = {
    classify: widget ? widgetClassifier(widget.credentials, widget.wire, widget.expect, plan.isOk) : statusOutcome(plan.isOk),
    buildRequest: (testCase: TestCase, seq: number): HttpRequest => {
      const ctx = { testCase, seq };
      if (widgetRequest) return widgetRequest(testCase, seq, plan.path.render(ctx));
      const body = plan.body?.render(ctx);
      return { method: plan.method, path: plan.path.render(ctx), headers: plan.headers, ...(body === undefined ? {} : { body }) };
    },
  };
  const run: Run = plan.connections
    ? new ClosedLoopRun({ ...send, connections: plan.connections, durationMs: plan.durationMs }, transport, cases, recorder)
    : new LoadRun({ ...send, schedule: constantRate(plan.rate, plan.durationMs), maxInflight: plan.maxInflight, queueCapacity: plan.queueCapacity }, transport, cases, recorder);
  const loopDelay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  loopDelay.enable();
  const cpuStart = process.cpuUsage();
  const ticker = options.onProgress
    ? setInterval(() => options.onProgress?.(takeSnapshot(plan, recorder, run.elapsedMs(), run.inflight), recorder), 1000)
    : undefined;

  const result = run.start().then(async (timing) => {
    if (ticker) clearInterval(ticker);
    loopDelay.disable();
    recorder.series.flush(timing.totalMs);
    const cpu = process.cpuUsage(cpuStart);
    // Node's histogram holds each sampling interval whole; the delay is what exceeds it.
    const ms = (ns: number): number => Math.max(0, Math.round(ns / 1e3) / 1e3 - LOOP_RESOLUTION_MS);
    const usage: ProcessUsage = {
      cpuUserMs: cpu.user / 1000,
      cpuSystemMs: cpu.system / 1000,
      maxRssMB: process.resourceUsage().maxRSS / 1024,
      eventLoopDelayMs: { p50: ms(loopDelay.percentile(50)), p99: ms(loopDelay.percentile(99)), max: ms(loopDelay.max) },
    };
    await transport.close(timing.interrupted).catch(() => undefined);
    return buildResult({
      plan,
      caseGroups,
      recorder,
      timing,
      usage,
      warnings: caseWarnings(caseGroups, { widget: widget !== undefined }),
      tool: TOOL,
      command: options.command ?? '',
    });
  });
  return { stop: () => run.stop(), abort: () => run.abort(), result };
}
