import { parseCheck } from '../../core/checks/index.js';
import { InvalidInputError, type Problem } from '../../core/errors/index.js';
import { mergeRecorderStates } from '../../core/recorder/index.js';
import type { Stage } from '../../core/schedule/index.js';
import { TOOL } from '../../core/version.js';
import { planSchedule } from '../plan/index.js';
import {
  type BuildInput,
  buildResult,
  type Measurement,
  measurementOf,
  type ResultPlan,
  type RunResult,
} from '../result/index.js';

/**
 * A measurement and where it came from, for error messages.
 *
 * @example
 * ```ts
 * const part: MeasurementFile = { path: 'seg-0/measure.json', measurement }
 * ```
 */
export interface MeasurementFile {
  readonly path: string;
  readonly measurement: Measurement;
}

/**
 * What a coordinator knows of a merged test that its segments' files do not say.
 *
 * @example
 * ```ts
 * const extra: MergeExtras = { interrupted: true }
 * ```
 */
export interface MergeExtras {
  /** The check decided failed on the whole test that stopped every segment. */
  readonly stopped?: BuildInput['stopped'];
  /** Whether the test was interrupted (its segments, stopped by the coordinator, ended early instead). */
  readonly interrupted?: boolean;
  /** What the result lacks (a segment that stopped reporting). */
  readonly incomplete?: BuildInput['incomplete'];
}

/** Why two measurements are not parts of one test (each differing field, both values), or undefined if they are. */
function planDifference(a: Measurement, b: Measurement): string | undefined {
  const fields: [string, unknown, unknown][] = [
    ...Object.keys({ ...a.target, ...b.target }).map((k): [string, unknown, unknown] => [
      k,
      a.target[k as keyof Measurement['target']],
      b.target[k as keyof Measurement['target']],
    ]),
    ['checks', a.checks, b.checks],
    ['informational checks', a.info, b.info],
  ];
  const differ = fields.filter(([, x, y]) => JSON.stringify(x) !== JSON.stringify(y));
  return differ.length === 0
    ? undefined
    : differ.map(([name, x, y]) => `${name} ${JSON.stringify(x)} against ${JSON.stringify(y)}`).join('; ');
}

/** Every reason the files are not the complete, non-overlapping segments of one plan. */
function problemsOf(parts: readonly MeasurementFile[]): Problem[] {
  const problems: Problem[] = [];
  const first = parts[0];
  if (!first) return [{ where: 'lptf merge', message: 'give the result folders of the segments to merge' }];
  for (const p of parts.slice(1)) {
    const why = planDifference(first.measurement, p.measurement);
    if (why) problems.push({ where: p.path, message: `not the same plan as ${first.path}: ${why}` });
  }
  const count = first.measurement.segment?.count ?? 1;
  const seen = new Map<number, string>();
  for (const p of parts) {
    const s = p.measurement.segment ?? { index: 0, count: 1 };
    if (s.count !== count)
      problems.push({
        where: p.path,
        message: `segment ${s.index}/${s.count} is not one of ${count} like ${first.path}'s`,
      });
    const twin = seen.get(s.index);
    if (twin)
      problems.push({
        where: p.path,
        message: `segment ${s.index}/${s.count} overlaps ${twin}: the same requests would count twice`,
      });
    seen.set(s.index, p.path);
  }
  for (let i = 0; i < count; i++) {
    if (!seen.has(i))
      problems.push({
        where: 'lptf merge',
        message: `segment ${i}/${count} is missing: without it the merge would lack a share of the planned arrivals`,
      });
  }
  return problems;
}

/**
 * Merges the measurements of a test's segments (`lptf run --segment i/N`, one per instance)
 * into the result one instance running the whole plan would have given: counters summed, HDR
 * histograms added, second *n* of each joined, and the checks evaluated on the whole. Refuses,
 * with every reason at once, files of different plans, segments that overlap and segments that
 * are missing.
 *
 * @example
 * ```ts
 * const { result, measurement } = mergeMeasurements([{ path: 'a', measurement: a }, { path: 'b', measurement: b }])
 * result.passed
 * ```
 */
export function mergeMeasurements(
  parts: readonly MeasurementFile[],
  command = 'lptf merge',
  extra: MergeExtras = {},
): { result: RunResult; measurement: Measurement } {
  const problems = problemsOf(parts);
  if (problems.length > 0) throw new InvalidInputError(problems);
  const ms = parts.map((p) => p.measurement);
  const m = ms[0] as Measurement;
  const t = m.target;
  const plan: ResultPlan = {
    url: t.url,
    method: t.method,
    rate: t.rate,
    ...(t.stages ? { stages: stagesIn(t.stages), startRate: t.startRate ?? 0 } : {}),
    ...(t.parts
      ? {
          parts: t.parts.map((p) => ({
            ...(p.scenario === undefined ? {} : { scenario: p.scenario }),
            rate: p.rate,
            durationMs: p.durationSec * 1000,
            ...(p.stages ? { stages: stagesIn(p.stages), startRate: p.startRate ?? 0 } : {}),
          })),
        }
      : {}),
    ...(t.scenarios ? { scenarios: t.scenarios } : {}),
    ...(t.connections ? { connections: t.connections } : {}),
    durationMs: t.durationSec * 1000,
    maxInflight: t.maxInflight,
    queueCapacity: t.queueCapacity,
    timeoutMs: t.timeoutMs,
    okStatus: t.okStatus,
    ...(t.preset ? { preset: t.preset } : {}),
    // Written before protocols were named, a measurement spoke plain HTTP or the widget's preset.
    protocol: { name: t.protocol ?? 'http' },
    seed: t.seed,
    lang: m.lang,
    checks: m.checks.map(parseCheck),
    info: m.info.map((text) => ({ ...parseCheck(text), info: true })),
  };
  // A file read back is not trusted: its rate or stages must plan some request, as a run's had to.
  if (!plan.connections)
    try {
      planSchedule(plan);
    } catch (err) {
      throw new InvalidInputError([{ where: `${parts[0]?.path}: target`, message: (err as Error).message }]);
    }
  const max = (f: (x: Measurement) => number): number => Math.max(...ms.map(f));
  const sum = (f: (x: Measurement) => number): number => ms.reduce((n, x) => n + f(x), 0);
  const starts = ms.map((x) => Date.parse(x.startedAt));
  const timing = {
    startMs: 0,
    startedAt: new Date(Math.min(...starts)),
    scheduleMs: max((x) => x.timing.scheduleMs),
    sendWindowMs: max((x) => x.timing.sendWindowMs),
    totalMs: max((x) => x.timing.totalMs),
    interrupted: extra.interrupted ?? ms.some((x) => x.timing.interrupted),
  };
  // Each instance's own CPU adds up; memory and stalls are each instance's worst.
  const usage = {
    cpuUserMs: sum((x) => x.usage.cpuUserMs),
    cpuSystemMs: sum((x) => x.usage.cpuSystemMs),
    maxRssMB: max((x) => x.usage.maxRssMB),
    eventLoopDelayMs: {
      p50: max((x) => x.usage.eventLoopDelayMs.p50),
      p99: max((x) => x.usage.eventLoopDelayMs.p99),
      max: max((x) => x.usage.eventLoopDelayMs.max),
    },
  };
  const recorder = mergeRecorderStates(ms.map((x) => x.recorder));
  const spread = Math.max(...starts) - Math.min(...starts);
  const warnings =
    spread > 1000
      ? [
          {
            en: `the segments started ${(spread / 1000).toFixed(1)} s apart: give them one --start-at, or the merged seconds mix different moments`,
            zh: `各分段的开始时间相差 ${(spread / 1000).toFixed(1)} 秒：请给它们同一个 --start-at，否则合并后的每秒数据混杂了不同的时刻`,
          },
        ]
      : [];
  const result = buildResult({
    plan,
    caseGroups: t.cases.map((c) => ({ label: c.group, file: c.file, cases: { length: c.count } })),
    recorder,
    timing,
    usage,
    warnings,
    tool: TOOL,
    command,
    ...(extra.stopped ? { stopped: extra.stopped } : {}),
    ...(extra.incomplete ? { incomplete: extra.incomplete } : {}),
    servers: ms.flatMap((x) =>
      (x.servers ?? []).map((s) =>
        x.segment ? { ...s, name: `segment ${x.segment.index}/${x.segment.count}: ${s.name}` } : s,
      ),
    ),
  });
  return { result, measurement: measurementOf(result, recorder.state(), timing, usage) };
}

/** Stages as a result states them (seconds), as a plan holds them (ms). */
function stagesIn(stages: NonNullable<Measurement['target']['stages']>): Stage[] {
  return stages.map((st) => ({ name: st.name, durationMs: st.durationSec * 1000, target: st.target }));
}
