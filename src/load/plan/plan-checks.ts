import { type Check, inStage } from '../../core/checks/index.js';
import type { Problem } from '../../core/errors/index.js';
import type { Said } from '../../core/said.js';
import type { PlanInput, Sourced } from '../fields/field.js';
import type { Bad } from '../fields/parse-field.js';
import { CHECKS, REPLACE_CHECKS } from '../fields/run-fields.js';

/**
 * A plan's checks with where each came from: a check is refused, or reported, at its own layer.
 *
 * @example
 * ```ts
 * const c: SourcedCheck = { check: parseCheck('p(95) <= 1ms'), where: 'checkout.load.ts: checks' }
 * ```
 */
export interface SourcedCheck {
  readonly check: Check;
  readonly where: string;
}

/**
 * The checks of every layer, and what the plan says of them: each layer's checks add to those
 * beneath it (a `--check` adds to a load file's), unless a layer sets `replaceChecks`: then the
 * checks of the layers beneath it are dropped, and `said` names them.
 *
 * @example
 * ```ts
 * const { checks, said } = layeredChecks(all, { preset, staged: false }, bad)
 * ```
 */
export interface LayeredChecks {
  readonly checks: readonly SourcedCheck[];
  /** Whether none was given, so the default (`error_rate <= 1%`) applies. */
  readonly fallback: boolean;
  /** Lines for the headline: where the checks came from, and what `replaceChecks` dropped. */
  readonly said: readonly Said[];
}

/**
 * Reads the checks of every layer (lowest first; a preset's layer is `presetLayer`), adding them
 * up: the same check given twice counts once. A preset's checks judge its steady load: with a
 * ramp (`staged`), the stage named steady.
 *
 * @example
 * ```ts
 * layeredChecks([fileLayer, flagLayer], { staged: false }, bad).checks.map((c) => c.check.name)
 * // ['p(95) <= 1ms', 'error_rate <= 1%']: the file's, then the flag's
 * ```
 */
export function layeredChecks(
  all: readonly PlanInput[],
  scope: { readonly presetLayer?: PlanInput; readonly staged: boolean },
  bad: Bad,
): LayeredChecks {
  const setsChecks = (l: PlanInput): Sourced | undefined => (l.checks?.value === undefined ? undefined : l.checks);
  const replaces = all.map((l) => (l.replaceChecks ? REPLACE_CHECKS.parse(l.replaceChecks, bad) === true : false));
  const replacer = replaces.lastIndexOf(true);
  const from = Math.max(0, replacer);
  const kept: SourcedCheck[] = [];
  const dropped: Sourced[] = [];
  for (const [i, layer] of all.entries()) {
    const src = setsChecks(layer);
    if (!src) continue;
    if (i < from) {
      dropped.push(src);
      continue;
    }
    for (const c of CHECKS.parse(src, bad) ?? []) {
      const check = layer === scope.presetLayer && scope.staged ? inStage(c, 'steady') : c;
      if (!kept.some((k) => k.check.name === check.name)) kept.push({ check, where: src.where });
    }
  }
  const said: Said[] = [];
  const sources = [...new Set(kept.map((k) => k.where))];
  const countFrom = (w: string): number => kept.filter((k) => k.where === w).length;
  if (sources.length > 1)
    said.push({
      en: `checks add up: ${sources.map((w) => `${countFrom(w)} from ${w}`).join(', ')}`,
      zh: `校验点叠加：${sources.map((w) => `${w} 的 ${countFrom(w)} 个`).join('、')}`,
    });
  if (replacer >= 0) {
    const by = all[replacer]?.replaceChecks?.where ?? 'replaceChecks';
    const replaced = dropped.map((d) => `${d.where} (${listOf(d.value)})`);
    said.push(
      dropped.length > 0
        ? {
            en: `${by}: the checks of ${sources.join(' and ') || 'nobody'} replace those of ${replaced.join(' and ')}`,
            zh: `${by}：${sources.join('、') || '（无）'} 的校验点替换了 ${replaced.join('、')} 的校验点`,
          }
        : { en: `${by}: no checks beneath it to replace`, zh: `${by}：下面没有可替换的校验点` },
    );
  }
  if (kept.length > 0) return { checks: kept, fallback: false, said };
  const fallback = { value: CHECKS.fallback, where: 'default --check' };
  return {
    checks: (CHECKS.parse(fallback, bad) ?? []).map((check) => ({ check, where: fallback.where })),
    fallback: true,
    said:
      replacer >= 0
        ? [
            ...said,
            {
              en: 'no checks are left: the default, error_rate <= 1%, applies',
              zh: '没有剩下的校验点：使用默认的 error_rate <= 1%',
            },
          ]
        : said,
  };
}

/** A layer's checks as written, one text. */
function listOf(value: unknown): string {
  return (Array.isArray(value) ? value : [value]).map(String).join('; ');
}

/**
 * A problem for each check of a scope the plan does not have (a scenario, a stage, a case group),
 * at the check's own layer: it would run the whole test and then say n/a. With scenarios, each
 * request is counted under its scenario, so a case group is never a scope.
 *
 * @example
 * ```ts
 * scopeProblems(checks, whereOf, { scenarios: ['a'], stages: [], groups: [] })
 * ```
 */
export function scopeProblems(
  checks: readonly Check[],
  whereOf: (c: Check) => string,
  plan: {
    /** Undefined without a load file's scenarios. */
    readonly scenarios: readonly string[] | undefined;
    readonly stages: readonly string[];
    readonly groups: readonly string[];
    readonly preset?: string;
  },
): Problem[] {
  const problems: Problem[] = [];
  const say = (c: Check, message: string): void => void problems.push({ where: whereOf(c), message });
  const scenarios = plan.scenarios ?? [];
  for (const c of checks) {
    if (c.scenario !== undefined && !scenarios.includes(c.scenario))
      say(
        c,
        `"${c.name}" checks the scenario "${c.scenario}", which this plan does not have; ${scenarios.length > 0 ? `its scenarios: ${scenarios.join(', ')}` : 'it has no scenarios (a load file declares them)'}`,
      );
    if (c.group !== undefined && plan.scenarios)
      say(
        c,
        `"${c.name}": with scenarios, each request is counted under its scenario; check one with {scenario:name} (${scenarios.join(', ')})`,
      );
    else if (c.group !== undefined && !plan.groups.includes(c.group))
      say(
        c,
        `"${c.name}" checks the case group "${c.group}", which this plan does not send; ${plan.groups.length > 0 ? `its groups: ${plan.groups.join(', ')}` : 'it sends no case files (--cases group=file)'}`,
      );
    if (c.stage !== undefined && !plan.stages.includes(c.stage)) {
      const fromPreset = plan.preset !== undefined && whereOf(c) === `preset ${plan.preset}`;
      say(
        c,
        `"${c.name}" checks the stage "${c.stage}", which this plan does not have; ${plan.stages.length > 0 ? `its stages: ${plan.stages.join(', ')}${fromPreset ? ' (name the one the preset judges steady, e.g. --stage 30m:200:steady)' : ''}` : 'it has no stages (--stage time:rate[:name])'}`,
      );
    }
  }
  return problems;
}
