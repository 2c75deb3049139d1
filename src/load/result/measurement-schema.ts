import * as v from 'valibot';
import { parseCheck } from '../../core/checks/index.js';
import { InvalidInputError, type Problem } from '../../core/errors/index.js';
import { checkHistogram, type RecorderState } from '../../core/recorder/index.js';
import { MAX_RUN_MS, MAX_SCENARIOS, MAX_SECONDS } from '../fields/plan-bounds.js';
import type { Measurement } from './measurement.js';
import { boundedArray, boundedRecord, count, counts, figure, maybeFigure, readChecked, text } from './read-back.js';

/** An encoded histogram of lptf's range is a few kB; a larger one is not lptf's. */
const MAX_HDR_CHARS = 65_536;

const hdr = v.pipe(v.string(), v.maxLength(MAX_HDR_CHARS, 'an encoded histogram longer than lptf writes'));
/** Exact counts at each share bound (a scope's, a second's); a plan has at most 100 bounds. */
const BOUND_COUNTS = boundedArray(v.object({ ms: figure, atOrBelow: count, below: count }), 100);
const histogram = v.object({ hdr, count, sumMs: figure, minMs: maybeFigure, maxMs: figure });
const scope = v.object({
  scheduled: count,
  sent: count,
  unsent: v.optional(count),
  redirects: v.optional(count),
  wire: v.optional(v.object({ ttfb: histogram, download: histogram, connect: histogram, tls: histogram })),
  ok: count,
  failed: count,
  dropped: count,
  cancelled: count,
  errors: counts,
  statuses: counts,
  codes: counts,
  examples: boundedRecord(boundedArray(v.pipe(v.string(), v.maxLength(10_000)), 20)),
  warnings: counts,
  unexpected: v.optional(counts),
  tallies: v.optional(counts),
  latency: histogram,
  service: histogram,
  bounds: BOUND_COUNTS,
});
const track = v.object({ name: v.pipe(v.string(), v.maxLength(1000)), durations: histogram, dominant: count });
/** A second's counts by group (a scenario, a flow's step, a case group), in `measure.json` and `summary.json`. */
export const GROUP_SECONDS = v.optional(boundedRecord(v.object({ sent: count, ok: count, failed: count })));
const second = v.object({
  bounds: v.optional(BOUND_COUNTS),
  second: count,
  sent: count,
  ok: count,
  failed: count,
  dropped: count,
  followUps: v.optional(count),
  errors: counts,
  maxMs: figure,
  hdr,
  groups: GROUP_SECONDS,
});

const stages = boundedArray(
  v.object({
    name: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_.-]{1,64}$/, 'not a stage name')),
    durationSec: v.pipe(figure, v.minValue(1e-9), v.maxValue(MAX_RUN_MS / 1000)),
    target: v.pipe(figure, v.maxValue(1e7)),
  }),
  1000,
);

/** What a run states of its plan, in `measure.json` and `summary.json` alike. */
export const TARGET = v.object({
  url: text,
  method: v.pipe(v.string(), v.maxLength(32)),
  rate: v.pipe(figure, v.maxValue(1e7)),
  stages: v.optional(stages),
  startRate: v.optional(v.pipe(figure, v.maxValue(1e7))),
  parts: v.optional(
    boundedArray(
      v.object({
        scenario: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_.-]{1,64}$/, 'not a scenario name'))),
        rate: v.pipe(figure, v.maxValue(1e7)),
        durationSec: v.pipe(figure, v.minValue(1e-9), v.maxValue(MAX_RUN_MS / 1000)),
        stages: v.optional(stages),
        startRate: v.optional(v.pipe(figure, v.maxValue(1e7))),
      }),
      1000,
    ),
  ),
  scenarios: v.optional(
    boundedArray(
      v.object({
        name: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_.-]{1,64}$/, 'not a scenario name')),
        share: v.pipe(figure, v.maxValue(1)),
        steps: v.optional(v.pipe(count, v.minValue(1))),
      }),
      MAX_SCENARIOS,
    ),
  ),
  connections: v.optional(count),
  durationSec: v.pipe(figure, v.maxValue(MAX_RUN_MS / 1000)),
  plannedRequests: count,
  maxInflight: count,
  queueCapacity: count,
  timeoutMs: v.pipe(figure, v.maxValue(MAX_RUN_MS)),
  okStatus: v.pipe(v.string(), v.maxLength(1000)),
  preset: v.nullable(v.pipe(v.string(), v.maxLength(100))),
  // Absent in files written before protocols were named.
  protocol: v.optional(v.pipe(v.string(), v.maxLength(100))),
  seed: v.pipe(v.number(), v.finite()),
  cases: boundedArray(v.object({ group: text, file: text, count }), 1000),
  address: v.optional(text),
});

const serverSecond = v.object({
  second: v.pipe(count, v.minValue(1)),
  cpu: figure,
  cpuUser: figure,
  cpuSystem: figure,
  memMB: figure,
  threads: v.optional(count),
  fds: v.optional(v.nullable(count)),
  load1: v.optional(figure),
  rxMBps: v.optional(figure),
  txMBps: v.optional(figure),
});

/** A watched server's series, in `measure.json` and (with its figures) in `summary.json`. */
export const SERVER_SERIES = {
  name: v.pipe(v.string(), v.maxLength(1000)),
  kind: v.picklist(['process', 'host']),
  seconds: boundedArray(serverSecond, MAX_SECONDS),
  vanishedAtSec: v.optional(count),
  failedReads: count,
};

const RECORDER = v.object({
  boundsMs: boundedArray(figure, 100),
  slowMs: maybeFigure,
  overall: scope,
  groups: v.pipe(
    v.record(v.pipe(v.string(), v.maxLength(1000)), scope),
    v.check((g) => Object.keys(g).length <= 1000, 'more than 1000 groups'),
  ),
  stages: v.optional(
    v.pipe(
      v.record(v.pipe(v.string(), v.maxLength(64)), scope),
      v.check((g) => Object.keys(g).length <= 1000, 'more than 1000 stages'),
    ),
  ),
  lateness: histogram,
  followUps: v.optional(count),
  phases: v.object({
    responses: count,
    malformed: count,
    implausible: v.optional(count),
    implausibleExample: v.optional(
      v.object({ name: v.pipe(v.string(), v.maxLength(64)), durMs: figure, latencyMs: figure }),
    ),
    overlapping: v.optional(count),
    pooled: count,
    slow: count,
    tracks: boundedArray(track, 100),
    outside: track,
    total: track,
    latency: track,
  }),
  seconds: boundedArray(second, MAX_SECONDS),
});

const MEASUREMENT = v.object({
  schema: v.literal('lptf.measure/1'),
  tool: v.object({ name: v.pipe(v.string(), v.maxLength(100)), version: v.pipe(v.string(), v.maxLength(100)) }),
  target: TARGET,
  checks: boundedArray(v.pipe(v.string(), v.maxLength(1000)), 100),
  info: boundedArray(v.pipe(v.string(), v.maxLength(1000)), 100),
  segment: v.nullable(
    v.pipe(
      v.object({ index: count, count: v.pipe(count, v.minValue(1), v.maxValue(10_000)) }),
      v.check((s) => s.index < s.count, 'index must be below count'),
    ),
  ),
  lang: v.picklist(['zh', 'en']),
  startedAt: v.pipe(v.string(), v.isoTimestamp()),
  timing: v.object({
    scheduleMs: v.pipe(figure, v.maxValue(MAX_RUN_MS)),
    sendWindowMs: v.pipe(figure, v.maxValue(MAX_RUN_MS)),
    totalMs: v.pipe(figure, v.maxValue(MAX_RUN_MS)),
    interrupted: v.boolean(),
  }),
  usage: v.object({
    cpuUserMs: figure,
    cpuSystemMs: figure,
    maxRssMB: figure,
    eventLoopDelayMs: v.object({ p50: figure, p99: figure, max: figure }),
  }),
  recorder: RECORDER,
  servers: v.optional(boundedArray(v.object(SERVER_SERIES), 100)),
  checkpoint: v.optional(
    v.object({ atSec: v.pipe(figure, v.maxValue(MAX_RUN_MS / 1000)), writtenAt: v.pipe(v.string(), v.isoTimestamp()) }),
  ),
});

/**
 * A `measure.json` read back, checked: every field's type and bound (by schema), every second
 * within the run's own time (a crafted second index would size arrays), and every histogram an
 * lptf histogram that decodes. Throws {@link InvalidInputError} naming each problem.
 *
 * @example
 * ```ts
 * const m = checkedMeasurement(JSON.parse(text), 'seg0/measure.json')
 * ```
 */
export function checkedMeasurement(value: unknown, where: string): Measurement {
  const m = readChecked(MEASUREMENT, value, where) as Measurement;
  const problems: Problem[] = [];
  for (const key of ['checks', 'info'] as const)
    for (const [i, text] of m[key].entries()) {
      try {
        parseCheck(text);
      } catch (err) {
        problems.push({ where: `${where} ${key}.${i}`, message: (err as Error).message });
      }
    }
  problems.push(...recorderProblems(m.recorder, where, Math.ceil(m.timing.totalMs / 1000) + 1));
  if (problems.length > 0) throw new InvalidInputError(problems);
  return m;
}

/**
 * A recorder's state sent over the wire (a segment's report to its coordinator), checked as a
 * `measure.json`'s is: every field by schema, its seconds in order from `firstSecond` and at
 * most `lastSecond`, every histogram one that decodes.
 *
 * @example
 * ```ts
 * const state = checkedRecorderState(body.state, 'segment 2/3', 1, 1801)
 * ```
 */
export function checkedRecorderState(
  value: unknown,
  where: string,
  firstSecond: number,
  lastSecond: number,
): RecorderState {
  const r = readChecked(RECORDER, value, where) as RecorderState;
  const problems = recorderProblems(r, where, lastSecond, firstSecond - 1);
  if (problems.length > 0) throw new InvalidInputError(problems);
  return r;
}

/** Seconds out of order or past the run's end, and histograms that are not lptf's. */
function recorderProblems(r: RecorderState, where: string, lastSecond: number, after = -1): Problem[] {
  const problems: Problem[] = [];
  let previous = after;
  for (const [i, s] of r.seconds.entries()) {
    if (s.second > lastSecond || s.second <= previous)
      problems.push({
        where: `${where} recorder.seconds.${i}.second`,
        message: `${s.second} is not a second of this run (after ${previous}, at most ${lastSecond})`,
      });
    previous = Math.max(previous, s.second);
  }
  for (const [path, encoded, n] of histograms(r)) {
    const why = checkHistogram(encoded, n);
    if (why) problems.push({ where: `${where} ${path}`, message: why });
    if (problems.length >= 20) break;
  }
  return problems;
}

/** Every encoded histogram of a recorder's state, with its path and the count beside it (if any). */
function* histograms(r: RecorderState): Generator<[string, string, number | undefined]> {
  const scopes: [string, RecorderState['overall']][] = [
    ['recorder.overall', r.overall],
    ...Object.entries(r.groups).map(([g, s]): [string, RecorderState['overall']] => [`recorder.groups.${g}`, s]),
    ...Object.entries(r.stages ?? {}).map(([g, s]): [string, RecorderState['overall']] => [`recorder.stages.${g}`, s]),
  ];
  for (const [path, s] of scopes) {
    yield [`${path}.latency.hdr`, s.latency.hdr, s.latency.count];
    yield [`${path}.service.hdr`, s.service.hdr, s.service.count];
  }
  yield ['recorder.lateness.hdr', r.lateness.hdr, r.lateness.count];
  const p = r.phases;
  const tracks: [string, (typeof p.tracks)[number]][] = [
    ...p.tracks.map((t, i): [string, (typeof p.tracks)[number]] => [`tracks.${i}`, t]),
    ['outside', p.outside],
    ['total', p.total],
    ['latency', p.latency],
  ];
  for (const [path, t] of tracks) yield [`recorder.phases.${path}.durations.hdr`, t.durations.hdr, t.durations.count];
  for (const [i, s] of r.seconds.entries()) yield [`recorder.seconds.${i}.hdr`, s.hdr, undefined];
}
