import os from 'node:os';
import type { CaseGroup } from '../../core/cases/index.js';
import { type Check, type Decision, evaluateChecks, isServerCheck } from '../../core/checks/index.js';
import type { Recorder, ScopeStats, SecondSummary } from '../../core/recorder/index.js';
import { redactUrl } from '../../core/redact/redact-url.js';
import type { RunTiming } from '../../core/run/run.js';
import type { ProcessUsage } from '../../core/run/usage-probe.js';
import { type Plan, plannedRate, planSchedule, stageNames } from '../plan/index.js';
import type { LifecycleFigures } from './lifecycle-figures.js';
import { partsOf, stagesOf } from './load-words.js';
import {
  closedLoopNote,
  deliveryNote,
  generatorLimitedNote,
  generatorReasons,
  lifecycleNotes,
  runNotes,
  type Said,
  warmupNote,
} from './notes.js';
import type { GeneratorHealth, MachineInfo, RunResult, ScopeResult } from './run-result.js';
import { type ServerSeries, serverFigures, summarizeServer } from './server-result.js';
import { shareKey } from './share-key.js';
import { stoppedNote } from './stopped-note.js';
import { verdictOf } from './verdict.js';
import type { WarmupResult } from './warmup-result.js';

/**
 * What a result needs of its plan: what it states and the checks it evaluates. A merge of
 * segments (`lptf merge`) rebuilds this from their `measure.json`.
 *
 * @example
 * ```ts
 * const p: ResultPlan = resolved.plan
 * ```
 */
export type ResultPlan = Pick<
  Plan,
  | 'url'
  | 'method'
  | 'rate'
  | 'stages'
  | 'startRate'
  | 'parts'
  | 'scenarios'
  | 'connections'
  | 'durationMs'
  | 'maxInflight'
  | 'queueCapacity'
  | 'timeoutMs'
  | 'okStatus'
  | 'preset'
  | 'seed'
  | 'lang'
  | 'checks'
  | 'info'
> & { readonly protocol: { readonly name: string }; readonly segment?: Plan['segment'] };

/**
 * Everything {@link buildResult} aggregates.
 *
 * @example
 * ```ts
 * buildResult({ plan, caseGroups, recorder, timing, usage, warnings: [], tool: TOOL, command: 'lptf run …' } satisfies BuildInput)
 * ```
 */
export interface BuildInput {
  readonly plan: ResultPlan;
  /** The case files, for the report's plan (a merge knows only their labels, files and counts). */
  readonly caseGroups: readonly (Pick<CaseGroup, 'label' | 'file'> & { readonly cases: { readonly length: number } })[];
  readonly recorder: Recorder;
  readonly timing: RunTiming;
  readonly usage: ProcessUsage;
  readonly warnings: readonly (string | Said)[];
  readonly tool: { readonly name: string; readonly version: string };
  readonly command: string;
  /** The target's address as resolved at the start, if known. */
  readonly address?: string;
  /** What the watched servers did, on the run's seconds. */
  readonly servers?: readonly ServerSeries[];
  /** What the warm-up sent before the start, if there was one. */
  readonly warmup?: WarmupResult;
  /** What the load file's setup() and teardown() did. */
  readonly lifecycle?: LifecycleFigures;
  /** The check decided failed that stopped the run (`--abort-on-fail`), and when (s into the run). */
  readonly stopped?: { readonly check: Check; readonly decision: Decision; readonly atSec: number };
  /** What the result lacks (a segment that stopped reporting): the verdict is then inconclusive. */
  readonly incomplete?: Said;
}

/**
 * Aggregates a finished run into its immutable {@link RunResult}: counts, exact shares,
 * percentiles, checks (overall and per group), the generator's health and notes. Reporters
 * render this and nothing else.
 *
 * @example
 * ```ts
 * const result = buildResult({ plan, caseGroups, recorder, timing, usage, warnings: [], tool, command })
 * ```
 */
export function buildResult(input: BuildInput): RunResult {
  const { plan, recorder, timing } = input;
  const elapsedSec = timing.scheduleMs / 1000;
  const windowSec = timing.sendWindowMs / 1000;
  const allChecks: Check[] = [...plan.checks, ...plan.info];
  // Arrivals: a user flow's later steps are requests too, but not what the schedule planned.
  const sent = recorder.arrivalsSent();
  // Unrounded, unlike the result's achievedRate: a check judges the exact figure.
  // A segment plans its share of the rate; a merge of segments, the whole.
  // A stage ran its planned span unless the run was cut short in it.
  const stageSec = stageSeconds(plan, timing.interrupted || timing.endedEarly ? elapsedSec : Number.POSITIVE_INFINITY);
  const load = {
    rate: plannedRate(plan),
    achievedRate: windowSec > 0 ? sent / windowSec : 0,
    ...(stageSec ? { stageSec } : {}),
  };
  const servers = input.servers?.map(summarizeServer);
  const figures = serverFigures(servers ?? []);
  const checks = evaluateChecks(plan.checks, recorder, elapsedSec, load, figures);
  const info = evaluateChecks(plan.info, recorder, elapsedSec, load, figures);
  const groups: RunResult['groups'] = Object.fromEntries(
    [...recorder.groups].map(([label, scope]) => {
      const groupChecks = checks.filter((c) => (c.group ?? c.scenario) === label);
      return [label, { ...scopeResult(scope, allChecks, windowSec), checks: groupChecks }];
    }),
  );
  const stages: RunResult['stages'] = stageSec
    ? Object.fromEntries(
        stageNames(plan).flatMap((name) => {
          const scope = recorder.stages.get(name);
          if (!scope) return [];
          const stageChecks = checks.filter((c) => c.stage === name);
          return [[name, { ...scopeResult(scope, allChecks, stageSec[name] ?? 0), checks: stageChecks }]];
        }),
      )
    : undefined;
  const overall = scopeResult(recorder.overall, allChecks, windowSec);
  const lateness = recorder.latenessSummary();
  const reasons = generatorReasons(lateness, input.usage.eventLoopDelayMs.p99);
  const cpuMs = input.usage.cpuUserMs + input.usage.cpuSystemMs;
  const generator: GeneratorHealth = {
    latenessMs: lateness,
    eventLoopDelayMs: input.usage.eventLoopDelayMs,
    cpuUserMs: round(input.usage.cpuUserMs),
    cpuSystemMs: round(input.usage.cpuSystemMs),
    cpuPerRequestUs: overall.requests.sent > 0 ? round((cpuMs * 1000) / overall.requests.sent) : null,
    maxRssMB: round(input.usage.maxRssMB),
    behind: reasons.length > 0,
    reasons,
  };
  const notes = runNotes({
    requests: overall.requests,
    errors: overall.errors,
    url: redactUrl(plan.url),
    interrupted: timing.interrupted && !input.stopped,
    maxInflight: plan.maxInflight,
    queueCapacity: plan.queueCapacity,
  });
  if (plan.connections) notes.push(closedLoopNote(plan.connections));
  if (input.warmup) notes.push(warmupNote(input.warmup));
  notes.push(...lifecycleNotes(input.lifecycle ?? {}));
  if (timing.endedEarly)
    notes.push({
      en: `The run ended at ${round(elapsedSec)} s of its planned ${plan.durationMs / 1000} s, as its plan asks when ${timing.endedEarly}. Its figures and checks cover the arrivals until then.`,
      zh: `压测在计划的 ${plan.durationMs / 1000} 秒中的第 ${round(elapsedSec)} 秒提前结束（${timing.endedEarly}）：按计划，数据用完即结束。数据和校验只包括此前的到达。`,
    });
  // A result missing part of the test proves nothing about the planned load, whatever its checks say.
  const judged = input.incomplete
    ? { verdict: 'inconclusive' as const, why: input.incomplete }
    : verdictOf(checks, generator);
  // A server check that passed on a server gone mid-run judged only the seconds it lived: no proof.
  const gone = (servers ?? []).filter((s) => s.vanishedAtSec !== undefined);
  const verdict =
    judged.verdict === 'pass' && gone.length > 0 && checks.some((c) => isServerCheck(c) && c.pass)
      ? { verdict: 'inconclusive' as const, why: goneServerWhy(gone) }
      : judged;
  const stopped = input.stopped
    ? {
        ...input.stopped,
        check: input.stopped.check.name,
        said: stoppedNote(input.stopped.check, input.stopped.decision, input.stopped.atSec),
      }
    : undefined;
  if (stopped) notes.unshift(stopped.said);
  if (input.incomplete) notes.unshift(input.incomplete);
  if (generator.behind) notes.push(generatorLimitedNote(reasons));
  const delivered = checks.find((c) => c.metric.kind === 'delivered');
  if (delivered && !delivered.pass && delivered.actual !== null)
    notes.push(
      deliveryNote({
        achievedRate: round(load.achievedRate),
        rate: load.rate,
        delivered: delivered.actual,
        requests: overall.requests,
        errors: overall.errors,
        maxInflight: plan.maxInflight,
        queueCapacity: plan.queueCapacity,
        scheduleSec: elapsedSec,
        windowSec,
        behind: generator.behind,
      }),
    );
  return deepFreeze({
    schema: 'lptf.run/1',
    tool: input.tool,
    target: {
      // The URL goes into every report: no credentials in it.
      url: redactUrl(plan.url),
      method: plan.method,
      rate: plan.rate,
      ...(plan.stages ? { stages: stagesOf(plan), startRate: plan.startRate ?? 0 } : {}),
      ...(plan.parts ? { parts: partsOf(plan) } : {}),
      ...(plan.scenarios ? { scenarios: plan.scenarios } : {}),
      ...(plan.connections ? { connections: plan.connections } : {}),
      durationSec: plan.durationMs / 1000,
      // A closed loop plans no count: what it sent is what there was.
      plannedRequests: plan.connections ? overall.requests.sent : planSchedule(plan).total,
      maxInflight: plan.maxInflight,
      queueCapacity: plan.queueCapacity,
      timeoutMs: plan.timeoutMs,
      okStatus: plan.okStatus,
      preset: plan.preset ?? null,
      protocol: plan.protocol.name,
      seed: plan.seed,
      cases: input.caseGroups.map((g) => ({ group: g.label, file: g.file, count: g.cases.length })),
      ...(input.address ? { address: input.address } : {}),
    },
    startedAt: timing.startedAt.toISOString(),
    endedAt: new Date(timing.startedAt.getTime() + timing.totalMs).toISOString(),
    elapsedSec: round(elapsedSec),
    totalSec: round(timing.totalMs / 1000),
    // A run its plan stopped, once a check was decided failed, was not interrupted: it failed.
    interrupted: timing.interrupted && !stopped,
    ...(timing.endedEarly ? { endedEarly: timing.endedEarly } : {}),
    ...(input.incomplete ? { incomplete: input.incomplete } : {}),
    ...(stopped ? { stopped } : {}),
    ...overall,
    checks,
    info,
    passed: verdict.verdict === 'pass',
    verdict: verdict.verdict,
    ...(verdict.why ? { verdictWhy: verdict.why } : {}),
    groups,
    ...(stages ? { stages } : {}),
    generator,
    // Each second's counts by group draw the per-scenario chart; with one group they repeat the second's own.
    series: recorder.groups.size > 1 ? [...recorder.series.closed()] : recorder.series.closed().map(withoutGroups),
    phases: recorder.phases.summary(),
    ...(servers && servers.length > 0 ? { servers } : {}),
    ...(input.warmup ? { warmup: input.warmup } : {}),
    ...(input.lifecycle && (input.lifecycle.setup || input.lifecycle.teardown) ? { lifecycle: input.lifecycle } : {}),
    notes,
    warnings: input.warnings,
    meta: {
      node: process.version,
      platform: process.platform,
      arch: process.arch,
      cpus: os.availableParallelism(),
      command: input.command,
      lang: plan.lang,
      machine: machineInfo(),
      timeZone: timeZoneOf(timing.startedAt),
    },
  });
}

/** How long each stage ran, in s: its planned span, cut where the schedule ended (undefined without stages). */
function stageSeconds(plan: ResultPlan, endSec: number): Record<string, number> | undefined {
  if (stageNames(plan).length === 0) return undefined;
  const out: Record<string, number> = {};
  for (const part of plan.parts ?? [plan]) {
    let startSec = 0;
    for (const st of part.stages ?? []) {
      const stageEnd = startSec + st.durationMs / 1000;
      out[st.name] = Math.max(0, Math.min(stageEnd, endSec) - startSec);
      startSec = stageEnd;
    }
  }
  return out;
}

/** A second without its counts by group. */
function withoutGroups({ groups: _, ...second }: SecondSummary): SecondSummary {
  return second;
}

/** The generator machine: CPU model, cores, memory, operating system. */
function machineInfo(): MachineInfo {
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

/** The local time zone's name and its offset from UTC at `at`, e.g. `+08:00`. */
function timeZoneOf(at: Date): { name: string; offset: string } {
  const minutes = -at.getTimezoneOffset();
  const abs = Math.abs(minutes);
  const offset = `${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return { name: localZoneName(), offset };
}

let zoneName: string | undefined;

/**
 * The local time zone's name, read once. The first read loads ICU's zone data: 12-22 ms here
 * (measured), which, inside the first checkpoint of a run with `--out`, held the event loop long
 * enough to send a few dozen requests late at 400/s. The rehearsal builds a result, so it reads it
 * before the start.
 */
function localZoneName(): string {
  zoneName ??= Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
  return zoneName;
}

function scopeResult(scope: ScopeStats, checks: readonly Check[], windowSec: number): ScopeResult {
  const shares: Record<string, number | null> = {};
  for (const c of checks) {
    if (c.metric.kind !== 'share') continue;
    const s = scope.share(c.metric.op, c.metric.boundMs);
    shares[shareKey(c.metric.op, c.metric.boundMs)] = Number.isNaN(s) ? null : s;
  }
  const requests = scope.counts();
  return {
    requests,
    achievedRate: windowSec > 0 ? round(requests.sent / windowSec) : 0,
    latencyMs: scope.latencySummary(),
    spectrum: scope.latencySpectrum(),
    serviceTimeMs: scope.serviceSummary(),
    shares,
    errors: Object.fromEntries([...scope.errors].sort((a, b) => b[1] - a[1])),
    statuses: Object.fromEntries([...scope.statuses].sort((a, b) => a[0] - b[0])),
    errCodes: Object.fromEntries([...scope.codes].sort((a, b) => Number(b[0]) - Number(a[0]))),
    unexpected: Object.fromEntries([...scope.unexpected].sort((a, b) => b[1] - a[1])),
    tallies: Object.fromEntries([...scope.tallies].sort((a, b) => b[1] - a[1])),
    examples: Object.fromEntries(scope.examples),
    replyWarnings: Object.fromEntries(scope.warnings),
    ...(scope.wire.empty ? {} : { wire: scope.wire.summary() }),
  };
}

const round = (n: number): number => Math.round(n * 1000) / 1000;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Why a run whose watched server went away mid-run proves nothing by its server checks. */
function goneServerWhy(gone: readonly { readonly name: string; readonly vanishedAtSec?: number }[]): Said {
  const list = gone.map((s) => `${s.name} (second ${s.vanishedAtSec})`);
  return {
    en: `the watched server ${list.join(', ')} exited during the run: its checks passed on the seconds before, not on the run; watch a server that lives through the run, and run again`,
    zh: `被监控的服务 ${list.join('，')} 在压测中退出：服务端校验只覆盖其退出前的秒数，不代表整个压测；请监控运行到底的服务后重跑`,
  };
}
