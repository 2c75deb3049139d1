import * as v from 'valibot';
import { MAX_WINDOW_SEC } from '../../core/checks/index.js';
import { MAX_SECONDS } from '../fields/plan-bounds.js';
import { GROUP_SECONDS, SERVER_SERIES, TARGET } from './measurement-schema.js';
import {
  boundedArray,
  boundedRecord,
  count,
  counts,
  figure,
  fraction,
  maybeFigure,
  readChecked,
  text,
} from './read-back.js';
import type { RunResult } from './run-result.js';

const latency = v.object({
  count,
  min: maybeFigure,
  mean: maybeFigure,
  p50: maybeFigure,
  p90: maybeFigure,
  p95: maybeFigure,
  p99: maybeFigure,
  p999: maybeFigure,
  max: maybeFigure,
});
const said = v.object({ en: text, zh: text });
const hook = v.object({ requests: count, ok: count, failed: count, ms: figure, error: v.optional(text) });
const spread = v.object({ min: figure, mean: figure, max: figure });
const name = v.pipe(v.string(), v.maxLength(1000));
const check = v.object({
  name,
  metric: v.looseObject({
    kind: v.picklist([
      'share',
      'percentile',
      'mean',
      'min',
      'max',
      'error_rate',
      'failed',
      'dropped',
      'dropped_rate',
      'rate',
      'expected_rate',
      'delivered',
      'send_lateness_p99',
      'server_cpu',
      'server_rss_growth',
    ]),
    op: v.optional(v.picklist(['<=', '<', '>=', '>'])),
    boundMs: v.optional(figure),
    p: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(100))),
  }),
  op: v.picklist(['<=', '<', '>=', '>', '==']),
  threshold: v.pipe(v.number(), v.finite()),
  unit: v.picklist(['fraction', 'ms', 'count', 'req/s', 'cpu', 'MB']),
  group: v.optional(name),
  stage: v.optional(name),
  scenario: v.optional(name),
  info: v.optional(v.boolean()),
  windowSec: v.optional(v.pipe(count, v.minValue(1), v.maxValue(MAX_WINDOW_SEC))),
  abortOnFail: v.optional(v.object({ graceMs: figure })),
  actual: v.nullable(v.pipe(v.number(), v.finite())),
  expected: name,
  pass: v.boolean(),
  window: v.optional(
    v.object({
      fromSecond: v.pipe(count, v.minValue(1)),
      toSecond: v.pipe(count, v.minValue(1)),
      actual: v.pipe(v.number(), v.finite()),
    }),
  ),
  windows: v.optional(v.object({ judged: count, failed: count })),
});
const scopeEntries = {
  requests: v.object({
    scheduled: count,
    sent: count,
    // Counted apart since lptf 0.3; before, an arrival that could not be made was sent and failed.
    unsent: v.optional(count, 0),
    redirects: v.optional(count, 0),
    completed: count,
    ok: count,
    failed: count,
    dropped: count,
    cancelled: count,
  }),
  achievedRate: figure,
  latencyMs: latency,
  spectrum: boundedArray(v.object({ p: figure, ms: figure }), 10_000),
  wire: v.optional(v.object({ ttfb: latency, download: latency, connect: latency, tls: latency })),
  serviceTimeMs: latency,
  shares: boundedRecord(v.nullable(fraction)),
  errors: counts,
  statuses: counts,
  errCodes: counts,
  unexpected: v.optional(counts),
  tallies: v.optional(counts),
  examples: boundedRecord(boundedArray(v.pipe(v.string(), v.maxLength(10_000)), 20)),
  replyWarnings: v.optional(counts),
};
const implausibleTiming = v.object({ name, durMs: figure, latencyMs: figure });
const phaseRow = v.object({ name, latencyMs: latency, meanShare: maybeFigure, slowDominant: maybeFigure });
const RUN_RESULT = v.object({
  schema: v.literal('lptf.run/1'),
  tool: v.object({ name, version: name }),
  target: TARGET,
  startedAt: v.pipe(v.string(), v.isoTimestamp()),
  endedAt: v.pipe(v.string(), v.isoTimestamp()),
  elapsedSec: figure,
  totalSec: figure,
  interrupted: v.boolean(),
  checks: boundedArray(check, 100),
  info: boundedArray(check, 100),
  passed: v.boolean(),
  ...scopeEntries,
  groups: v.pipe(
    v.record(name, v.object({ ...scopeEntries, checks: boundedArray(check, 100) })),
    v.check((g) => Object.keys(g).length <= 1000, 'more than 1000 groups'),
  ),
  stages: v.optional(
    v.pipe(
      v.record(name, v.object({ ...scopeEntries, checks: boundedArray(check, 100) })),
      v.check((g) => Object.keys(g).length <= 1000, 'more than 1000 stages'),
    ),
  ),
  generator: v.object({
    latenessMs: latency,
    eventLoopDelayMs: v.object({ p50: figure, p99: figure, max: figure }),
    cpuUserMs: figure,
    cpuSystemMs: figure,
    cpuPerRequestUs: maybeFigure,
    maxRssMB: figure,
    behind: v.boolean(),
    reasons: boundedArray(said, 10),
  }),
  series: boundedArray(
    v.object({
      second: count,
      sent: count,
      ok: count,
      failed: count,
      errors: counts,
      dropped: count,
      p50: maybeFigure,
      p95: maybeFigure,
      p99: maybeFigure,
      max: maybeFigure,
      groups: GROUP_SECONDS,
    }),
    MAX_SECONDS,
  ),
  phases: v.nullable(
    v.object({
      responses: count,
      malformed: count,
      // Counted since 0.1.0's hostile round 3: a summary written before has none.
      implausible: v.optional(count, 0),
      implausibleExample: v.optional(v.nullable(implausibleTiming), null),
      overlapping: v.optional(count, 0),
      pooled: count,
      slowMs: maybeFigure,
      slowResponses: count,
      rows: boundedArray(phaseRow, 100),
      serverTotal: v.nullable(phaseRow),
      latencyMs: latency,
    }),
  ),
  servers: v.optional(
    boundedArray(
      v.object({
        ...SERVER_SERIES,
        cpu: v.nullable(spread),
        memMB: v.nullable(spread),
        memGrowthMB: v.nullable(v.pipe(v.number(), v.finite())),
        threadsMax: v.optional(count),
        fdsMax: v.optional(count),
        load1Max: v.optional(figure),
      }),
      100,
    ),
  ),
  warmup: v.optional(
    v.object({ arrivals: count, sent: count, ok: count, failed: count, errors: counts, seconds: figure }),
  ),
  endedEarly: v.optional(text),
  imported: v.optional(v.object({ tool: text, file: text, selfTest: v.boolean() })),
  incomplete: v.optional(said),
  verdict: v.optional(v.picklist(['pass', 'fail', 'inconclusive'])),
  verdictWhy: v.optional(said),
  stopped: v.optional(
    v.object({
      check: name,
      atSec: figure,
      decision: v.object({
        verdict: v.picklist(['pass', 'fail']),
        what: v.picklist(['over', 'failed', 'dropped', 'within', 'answered']),
        count,
        of: v.optional(count),
        window: v.optional(v.object({ fromSecond: count, toSecond: count, actual: v.pipe(v.number(), v.finite()) })),
      }),
      said,
    }),
  ),
  lifecycle: v.optional(v.object({ setup: v.optional(hook), teardown: v.optional(hook) })),
  notes: boundedArray(said, 100),
  warnings: boundedArray(v.union([text, said]), 1000),
  meta: v.looseObject({
    node: name,
    platform: name,
    arch: name,
    cpus: count,
    command: text,
    lang: v.picklist(['zh', 'en']),
  }),
});

/**
 * A `summary.json` read back (by `lptf report`, `lptf compare`), checked: every field a report
 * reads has its type and bound, so a crafted or damaged file is refused with each problem named,
 * never rendered as `NaN` or met as a TypeError. Throws {@link InvalidInputError}.
 *
 * @example
 * ```ts
 * const result = checkedRunResult(JSON.parse(text), 'out/summary.json')
 * ```
 */
export function checkedRunResult(value: unknown, where: string): RunResult {
  // Loose where the result's own type is wider than what reports read (meta's machine, time zone).
  return readChecked(RUN_RESULT, value, where) as unknown as RunResult;
}
