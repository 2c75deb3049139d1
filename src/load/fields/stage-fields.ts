import type { Stage } from '../../core/schedule/index.js';
import { parseDuration } from '../../core/units/index.js';
import type { Bad, Sourced, TypedField } from './field.js';
import { positiveNumber } from './parse-field.js';
import { MAX_DURATION_MS } from './plan-bounds.js';
import { MAX_RATE } from './rate-bounds.js';

/** A stage's name: what a check's `{stage:…}` and the reports call it. */
const NAME = /^[A-Za-z0-9_.-]{1,64}$/;

/** The most stages one plan holds: a schedule looks its stage up per request, by bisection. */
export const MAX_STAGES = 1000;

/**
 * A stage as written, before its name is settled (see {@link nameStages}).
 *
 * @example
 * ```ts
 * const s: StageInput = { durationMs: 30_000, target: 200 }
 * ```
 */
export interface StageInput {
  readonly durationMs: number;
  readonly target: number;
  readonly name?: string;
}

/**
 * The stages of a ramping open-model run (`--stage 30s:200 --stage 30m:200:steady --stage 10s:0`;
 * in a config file `stages:` as such texts or as `{ duration, target, name }`). Unnamed stages
 * are named by their shape: `ramp-up`, `steady`, `ramp-down` (then `steady-2`, …).
 *
 * @example
 * ```ts
 * STAGES.parse({ value: ['10s:400', '20s:400'], where: '--stage' }, bad) // [{ name: 'ramp-up', … }, { name: 'steady', … }]
 * ```
 */
export const STAGES: TypedField<readonly StageInput[]> = {
  key: 'stages',
  flags: '--stage <time:rate[:name]>',
  help: 'a stage of the arrival rate, repeatable: over time, move in a straight line to rate req/s (e.g. --stage 30s:200 --stage 30m:200 --stage 10s:0); replaces --rate and --duration; a check may judge one stage: "p95{stage:steady} <= 170ms"',
  group: 'load',
  repeatable: true,
  aliases: ['stage'],
  parse: (src, bad) => {
    const list = Array.isArray(src.value) ? src.value : [src.value];
    if (list.length === 0) return bad(src, 'must list at least one stage, e.g. 30s:200');
    if (list.length > MAX_STAGES) return bad(src, `${list.length} stages are more than ${MAX_STAGES}`);
    const read = list.map((item, i) => stageInput(item, { value: item, where: `${src.where} stage ${i + 1}` }, bad));
    if (read.some((s) => s === undefined)) return undefined;
    const total = (read as StageInput[]).reduce((t, s) => t + s.durationMs, 0);
    if (total > MAX_DURATION_MS)
      return bad(
        src,
        `the stages last ${Math.floor(total / 86_400_000)} days together: a run sends for at most ${Math.floor(MAX_DURATION_MS / 86_400_000)} days`,
      );
    return read as StageInput[];
  },
};

/** The rate the first stage starts from. */
export const START_RATE: TypedField<number> = {
  key: 'startRate',
  flags: '--start-rate <qps>',
  help: 'with --stage: the rate the first stage starts from',
  group: 'load',
  fallback: 0,
  parse: (src, bad) => rateOrZero(src, bad, 'a rate in requests per second, >= 0'),
};

/** A rate >= 0 (a stage may end at 0: a pause, or the ramp down); an empty text is no rate. */
function rateOrZero(src: Sourced, bad: Bad, what: string): number | undefined {
  const text = typeof src.value === 'string' ? src.value.trim() : src.value;
  if (text === 0 || (typeof text === 'string' && text !== '' && Number(text) === 0)) return 0;
  const rate = positiveNumber(src, bad, what);
  if (rate !== undefined && rate > MAX_RATE)
    return bad(src, `${rate} req/s is more than one run can pace (${MAX_RATE.toLocaleString('en-US')}/s)`);
  return rate;
}

/** One stage from `30s:200[:name]` or `{ duration, target, name }`. */
function stageInput(item: unknown, src: Sourced, bad: Bad): StageInput | undefined {
  let duration: unknown;
  let target: unknown;
  let name: unknown;
  if (typeof item === 'string') {
    const parts = item.split(':').map((p) => p.trim());
    if (parts.length < 2 || parts.length > 3)
      return bad(src, `"${item}" is not a stage; write time:rate or time:rate:name, e.g. 30s:200`);
    [duration, target, name] = parts;
  } else if (item && typeof item === 'object' && !Array.isArray(item)) {
    const o = item as Record<string, unknown>;
    const extra = Object.keys(o).filter((k) => !['duration', 'target', 'name'].includes(k));
    if (extra.length > 0) return bad(src, `unknown key ${extra.join(', ')}; a stage has duration, target and name`);
    ({ duration, target, name } = o);
  } else return bad(src, 'must be a stage: "30s:200" or { duration: 30s, target: 200 }');
  const durationMs = typeof duration === 'number' ? duration * 1000 : parseDuration(String(duration ?? ''), 's');
  if (durationMs === undefined || !(durationMs > 0) || !Number.isFinite(durationMs))
    return bad(src, `"${String(duration)}" is not a positive duration; write e.g. 30s, 5m or 500ms`);
  const targetRate = rateOrZero({ value: target, where: src.where }, bad, 'a rate >= 0');
  if (targetRate === undefined) return undefined;
  if (name === undefined || name === '') return { durationMs, target: targetRate };
  if (typeof name !== 'string' || !NAME.test(name))
    return bad(src, `"${String(name)}" is not a stage name; use letters, digits, _ . -`);
  return { durationMs, target: targetRate, name };
}

/**
 * Gives unnamed stages the name of their shape from the rate before them (`ramp-up`, `steady`,
 * `ramp-down`, then `steady-2`, …) and refuses a name used twice.
 *
 * @example
 * ```ts
 * nameStages([{ durationMs: 1e4, target: 400 }, { durationMs: 2e4, target: 400 }], 0, src, bad) // names ramp-up, steady
 * ```
 */
export function nameStages(
  stages: readonly StageInput[],
  startRate: number,
  src: Sourced,
  bad: Bad,
): Stage[] | undefined {
  const taken = new Set(stages.flatMap((s) => (s.name ? [s.name] : [])));
  const seen = new Set<string>();
  const named: Stage[] = [];
  let level = startRate;
  for (const s of stages) {
    let name = s.name;
    if (name !== undefined && seen.has(name)) return bad(src, `two stages are named "${name}"; each needs its own`);
    if (name === undefined) {
      const shape = s.target > level ? 'ramp-up' : s.target < level ? 'ramp-down' : 'steady';
      name = shape;
      for (let k = 2; taken.has(name) || seen.has(name); k++) name = `${shape}-${k}`;
    }
    seen.add(name);
    named.push({ name, durationMs: s.durationMs, target: s.target });
    level = s.target;
  }
  return named;
}
