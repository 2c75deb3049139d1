import os from 'node:os';
import { redactUrl } from '../../core/redact/index.js';
import { TOOL } from '../../core/version.js';
import type { PlanInput } from '../fields/field.js';
import { type ResolvedPlan, resolvePlan } from '../plan/index.js';
import type { RunResult, Said } from '../result/index.js';
import type { LoadTestHandle } from '../run/index.js';
import { startLoadTest } from '../run/index.js';
import type { CapacityEnd, CapacityResult, CapacityStep } from './capacity-result.js';
import { kneeOf } from './knee.js';
import {
  afterStep,
  nextRate,
  type SearchBounds,
  type SearchState,
  type StepOutcome,
  startSearch,
} from './rate-search.js';

/**
 * The share of its planned arrivals a step must see answered in its second half: below it the
 * target is falling behind (its queue grows, or the in-flight limit holds the sends back),
 * whatever the checks say. A target offered 2% more than it can answer answers 98% of it, so 99%
 * keeps the capacity found within about 1% above the truth. Against the plan, not the sends: at
 * 2,184/s offered to a target that answers 2,090/s, the in-flight limit held the sends to what it
 * answered (measured: answered 99.3% of the sends, 95.7% of the plan, delivered still 95.9%).
 */
export const KEEP_UP = 0.99;

/**
 * Requests a step may be short of its sends without falling behind: at a low rate a window's
 * edges cut a few answers off (25/s for 2 s is 50 requests, and one answer late at the edge is
 * already 2%).
 */
const KEEP_UP_SLACK = 5;

/**
 * What a capacity search needs: the user's plan layers (a load file, a config file, the
 * environment, flags) and the search's own bounds.
 *
 * @example
 * ```ts
 * const o: CapacityOptions = { layers, startRate: 78, maxRate: 5000, precision: 0.02, stepMs: 10_000, command: 'lptf capacity …' }
 * ```
 */
export interface CapacityOptions extends SearchBounds {
  readonly layers: readonly PlanInput[];
  readonly stepMs: number;
  readonly targetRate?: number;
  readonly command: string;
  /** Each step as it starts (after its plan is resolved) and as it ends, for progress. */
  readonly onStepStart?: (rate: number, index: number, confirmation: boolean, resolved: ResolvedPlan) => void;
  readonly onStep?: (step: CapacityStep, index: number) => void;
}

/**
 * Searches the highest rate the target holds under the plan's checks: one constant-rate step at a
 * time, each a whole run with fresh figures whose checks stop it once decided failed, the rate of
 * the next chosen by {@link nextRate}. A step the generator could not drive runs once more; a
 * second time it ends the search with the generator named as the limit, never the target. Bad
 * input is refused before any traffic, by the first step's plan.
 *
 * @example
 * ```ts
 * const search = startCapacitySearch(options)
 * process.once('SIGINT', () => search.stop())
 * const result = await search.result
 * ```
 */
export function startCapacitySearch(options: CapacityOptions): { stop(): void; result: Promise<CapacityResult> } {
  let stopped = false;
  let current: LoadTestHandle | undefined;
  const run = async (): Promise<CapacityResult> => {
    const started = new Date();
    const steps: CapacityStep[] = [];
    let state: SearchState = startSearch();
    let first: ResolvedPlan | undefined;
    for (let rate = nextRate(state, options); rate !== undefined && !stopped; rate = nextRate(state, options)) {
      const layers = [...options.layers, stepLayer(rate, options.stepMs)];
      const resolved = await resolvePlan(layers);
      first ??= resolved;
      const confirmation = state.confirming;
      options.onStepStart?.(rate, steps.length, confirmation, resolved);
      current = startLoadTest(resolved, { layers, command: options.command });
      const result = await current.result;
      current = undefined;
      if (result.interrupted) break;
      const judged = judgeStep(rate, result, options.stepMs / 1000, confirmation);
      state = afterStep(state, rate, judged.outcome as StepOutcome, options);
      const step = state.again === rate ? runAgain(judged) : judged;
      steps.push(step);
      options.onStep?.(step, steps.length - 1);
    }
    if (!first) throw new RangeError('a capacity search ran no step');
    return capacityResult(
      first,
      options,
      steps,
      stopped ? 'interrupted' : (state.ended ?? 'interrupted'),
      state,
      started,
    );
  };
  return {
    stop: () => {
      stopped = true;
      current?.stop();
    },
    result: run(),
  };
}

/** The layer that makes a step: a constant rate for the step's time, stopped once a check of the target is decided failed. */
function stepLayer(rate: number, stepMs: number): PlanInput {
  return {
    rate: { value: rate, where: 'capacity step' },
    duration: { value: `${stepMs}ms`, where: 'capacity --step' },
    abortOnFail: { value: true, where: 'capacity search' },
  };
}

/** What the search makes of a finished step. */
function judgeStep(rate: number, r: RunResult, stepSec: number, confirmation: boolean): CapacityStep {
  const keptUp = r.stopped ? null : keptUpOf(r, rate, stepSec);
  const keptUpShare = keptUp === null ? null : keptUp.answered / keptUp.planned;
  const errorRate =
    r.requests.completed + r.requests.unsent > 0
      ? (r.requests.failed + r.requests.unsent) / (r.requests.completed + r.requests.unsent)
      : null;
  const base = {
    rate,
    achievedRate: Math.round(r.achievedRate * 10) / 10,
    seconds: r.elapsedSec,
    p50: r.latencyMs.p50,
    p99: r.latencyMs.p99,
    errorRate,
    keptUp: keptUpShare === null ? null : Math.min(1, keptUpShare),
    confirmation,
  };
  const failed = r.checks.filter((c) => !c.pass).map((c) => c.name);
  const fellBehind =
    keptUp !== null && keptUp.planned - keptUp.answered > Math.max((1 - KEEP_UP) * keptUp.planned, KEEP_UP_SLACK);
  const pct = (n: number): string => `${Math.round(n * 1000) / 10}%`;
  if (r.verdict === 'pass' && !fellBehind)
    return { ...base, outcome: 'pass', why: { en: 'every check passed', zh: '校验点全部通过' } };
  // The plan not delivered, or a check failed, while the generator was behind: a higher rate would measure lptf.
  if (r.generator.behind && (r.verdict !== 'fail' || fellBehind))
    return {
      ...base,
      outcome: 'generator',
      why: {
        en: `the generator could not drive it: ${r.generator.reasons.map((x) => x.en).join('; ')}`,
        zh: `压测端无法送出该速率：${r.generator.reasons.map((x) => x.zh).join('；')}`,
      },
    };
  const parts: Said[] = [];
  if (failed.length > 0) parts.push({ en: `failed ${failed.join('; ')}`, zh: `未通过 ${failed.join('；')}` });
  if (r.stopped)
    parts.push({ en: `stopped at ${r.stopped.atSec}s, decided`, zh: `在 ${r.stopped.atSec} 秒时判定并停止` });
  if (fellBehind && keptUpShare !== null)
    parts.push({
      en: `answered ${pct(keptUpShare)} of the arrivals planned in its second half: the target fell behind`,
      zh: `后半段只应答了计划请求的 ${pct(keptUpShare)}：目标服务跟不上`,
    });
  if (r.verdict === 'inconclusive' && failed.length === 0 && r.verdictWhy) parts.push(r.verdictWhy);
  return {
    ...base,
    outcome: 'fail',
    why: { en: parts.map((p) => p.en).join('; '), zh: parts.map((p) => p.zh).join('；') },
  };
}

/** A step the generator could not drive, which the search runs once more: its why says so. */
function runAgain(step: CapacityStep): CapacityStep {
  return {
    ...step,
    why: {
      en: `${step.why.en}; run once more, as one stall of the machine can do this`,
      zh: `${step.why.zh}；再跑一次：机器的一次卡顿也会如此`,
    },
  };
}

/** The arrivals planned in the whole seconds of the step's second half, and the answers then. */
function keptUpOf(r: RunResult, rate: number, stepSec: number): { planned: number; answered: number } | null {
  const from = Math.floor(stepSec / 2) + 1;
  const to = Math.floor(stepSec);
  let answered = 0;
  for (const s of r.series) if (s.second >= from && s.second <= to) answered += s.ok + s.failed;
  const planned = rate * (to - from + 1);
  return planned > 0 ? { planned, answered } : null;
}

function capacityResult(
  resolved: ResolvedPlan,
  options: CapacityOptions,
  steps: readonly CapacityStep[],
  ended: CapacityEnd,
  state: SearchState,
  started: Date,
): CapacityResult {
  const { plan } = resolved;
  const capacity = state.passed > 0 ? state.passed : null;
  const confirmed =
    capacity !== null && steps.some((s) => s.confirmation && s.rate === capacity && s.outcome === 'pass');
  const knee = kneeOf(steps.flatMap((s) => (s.p99 === null ? [] : [{ rate: s.rate, ms: s.p99 }]))) ?? null;
  const target = options.targetRate ?? null;
  const headroom = capacity !== null && target !== null ? Math.round((capacity / target) * 100) / 100 : null;
  const generatorAt = ended === 'generator' ? steps.at(-1) : undefined;
  const verdict: CapacityResult['verdict'] =
    ended === 'interrupted'
      ? 'inconclusive'
      : target !== null
        ? capacity !== null && capacity >= target
          ? 'pass'
          : ended === 'generator'
            ? 'inconclusive'
            : 'fail'
        : ended === 'generator'
          ? 'inconclusive'
          : ended === 'below-min'
            ? 'fail'
            : 'pass';
  return {
    schema: 'lptf.capacity/1',
    tool: TOOL,
    target: {
      url: redactUrl(plan.url),
      method: plan.method,
      protocol: plan.protocol.name,
      preset: plan.preset ?? null,
      ...(plan.scenarios ? { scenarios: plan.scenarios.map(({ name, share }) => ({ name, share })) } : {}),
      checks: plan.checks.map((c) => c.name),
      workers: plan.workers,
    },
    search: {
      startRate: options.startRate,
      maxRate: options.maxRate,
      precision: options.precision,
      stepSec: options.stepMs / 1000,
      targetRate: target,
    },
    steps,
    capacity,
    confirmed,
    ended,
    knee,
    headroom,
    verdict,
    said: conclusion({
      capacity,
      confirmed,
      ended,
      knee,
      headroom,
      target,
      generatorAt,
      maxRate: options.maxRate,
      workers: plan.workers,
    }),
    startedAt: started.toISOString(),
    totalSec: Math.round((Date.now() - started.getTime()) / 100) / 10,
    meta: { node: process.version, cpus: os.availableParallelism(), command: options.command, lang: plan.lang },
  };
}

/** The search's conclusion in both languages. */
function conclusion(c: {
  capacity: number | null;
  confirmed: boolean;
  ended: CapacityEnd;
  knee: number | null;
  headroom: number | null;
  target: number | null;
  generatorAt: CapacityStep | undefined;
  maxRate: number;
  workers: number;
}): Said {
  const n = (x: number): string => `${x.toLocaleString('en-US')}/s`;
  const knee: Said =
    c.knee !== null
      ? { en: `; latency starts to climb at ${n(c.knee)} (the knee)`, zh: `；耗时从 ${n(c.knee)} 起开始上升（拐点）` }
      : { en: '', zh: '' };
  const atLeast = c.ended === 'max-rate' || c.ended === 'generator';
  const headroom: Said =
    c.headroom !== null && c.target !== null
      ? atLeast
        ? {
            en: `; ${n(c.target)} has at least ${c.headroom}× headroom`,
            zh: `；目标速率 ${n(c.target)} 至少有 ${c.headroom} 倍余量`,
          }
        : c.headroom >= 1
          ? {
              en: `; ${n(c.target)} has ${c.headroom}× headroom`,
              zh: `；目标速率 ${n(c.target)} 有 ${c.headroom} 倍余量`,
            }
          : {
              en: `; ${n(c.target)} is beyond it (${c.headroom}×)`,
              zh: `；目标速率 ${n(c.target)} 超出了容量（${c.headroom} 倍）`,
            }
      : { en: '', zh: '' };
  switch (c.ended) {
    case 'found':
      return {
        en: `Capacity: ${n(c.capacity ?? 0)}, the highest rate that passed every check${c.confirmed ? ' (confirmed by a second run)' : ' (not confirmed: a second run failed)'}${knee.en}${headroom.en}.`,
        zh: `容量：${n(c.capacity ?? 0)}，即所有校验点都通过的最高速率${c.confirmed ? '（已复测确认）' : '（未确认：复测未通过）'}${knee.zh}${headroom.zh}。`,
      };
    case 'max-rate':
      return {
        en: `Capacity: at least ${n(c.maxRate)}: --max-rate passed every check${knee.en}${headroom.en}. Raise --max-rate to find the limit.`,
        zh: `容量：至少 ${n(c.maxRate)}，--max-rate 下所有校验点通过${knee.zh}${headroom.zh}。提高 --max-rate 以找到极限。`,
      };
    case 'generator': {
      const at = c.generatorAt;
      const below =
        c.capacity !== null
          ? { en: `above ${n(c.capacity)}, the highest rate that passed`, zh: `高于已通过的最高速率 ${n(c.capacity)}` }
          : { en: 'unknown', zh: '未知' };
      const add =
        c.workers < os.availableParallelism()
          ? `--workers ${Math.min(os.availableParallelism(), c.workers * 2)}`
          : 'another machine';
      return {
        en: `The generator is the limit at ${n(at?.rate ?? 0)} (it sent ${n(at?.achievedRate ?? 0)}; ${at?.why.en ?? ''}): the target's capacity is ${below.en}, not measured${headroom.en}. Add ${add}, or spread the load over machines (--segment, lptf k8s).`,
        zh: `压测端在 ${n(at?.rate ?? 0)} 时已达极限（实际发出 ${n(at?.achievedRate ?? 0)}；${at?.why.zh ?? ''}）：目标服务的容量${below.zh}，未能测出${headroom.zh}。请增加 ${add}，或把压力分到多台机器（--segment，lptf k8s）。`,
      };
    }
    case 'below-min':
      return {
        en: 'Capacity: below the least rate worth a step; not even that passed every check.',
        zh: '容量：低于最小步进速率，连该速率也未能通过所有校验点。',
      };
    case 'interrupted':
      return {
        en: `Stopped before the search ended${c.capacity !== null ? `; the highest rate that passed so far: ${n(c.capacity)}` : ''}.`,
        zh: `搜索在结束前被中断${c.capacity !== null ? `；目前通过的最高速率：${n(c.capacity)}` : ''}。`,
      };
  }
}
