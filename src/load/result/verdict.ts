import { type CheckResult, isRunCheck } from '../../core/checks/index.js';
import type { Said } from './notes.js';

/**
 * A run's verdict: `pass`, `fail`, or `inconclusive` when the run cannot say whether the target
 * met its bounds (the generator fell behind while a check failed, or the plan was not delivered).
 *
 * @example
 * ```ts
 * const v: Verdict = 'inconclusive'
 * ```
 */
export type Verdict = 'pass' | 'fail' | 'inconclusive';

/**
 * Judges a run from its checks and its generator's health. Latency is timed from each request's
 * intended send, so a late generator only *overstates* it: when every check of the target passed,
 * the generator's lateness is a warning, and the PASS stands. When a check of the target failed
 * while the generator was behind, the failure may be the generator's: inconclusive. A plan not
 * delivered proves nothing at the planned load, whatever the target's checks say: inconclusive,
 * unless a check of the target failed and the generator kept up (then the target held the load
 * back: fail). `why` says which, and what to change.
 *
 * @example
 * ```ts
 * verdictOf(result.checks, { behind: false, reasons: [] }) // { verdict: 'pass' }
 * ```
 */
export function verdictOf(
  checks: readonly CheckResult[],
  generator: { readonly behind: boolean; readonly reasons: readonly Said[] },
): { verdict: Verdict; why?: Said } {
  const target = checks.filter((c) => !isRunCheck(c));
  const failed = target.filter((c) => !c.pass);
  const late = checks.find((c) => c.metric.kind === 'send_lateness_p99' && !c.pass);
  const undelivered = checks.find((c) => c.metric.kind === 'delivered' && !c.pass);
  const behind = generator.behind || late !== undefined;
  const lateness: Said = late
    ? {
        en: `send lateness p99 ${late.actual === null ? 'n/a' : `${Number(late.actual.toFixed(2))} ms`}, over ${late.threshold} ms`,
        zh: `发送延迟 P99 ${late.actual === null ? 'n/a' : `${Number(late.actual.toFixed(2))} ms`}，超过 ${late.threshold} ms`,
      }
    : {
        en: generator.reasons.map((r) => r.en).join('; '),
        zh: generator.reasons.map((r) => r.zh).join('；'),
      };
  if (failed.length === 0 && !undelivered) {
    if (!behind) return { verdict: 'pass' };
    return {
      verdict: 'pass',
      why: {
        en: `the generator was late (${lateness.en}), a warning only: latency is timed from the intended send, so lateness can only overstate it, and every check of the target passed`,
        zh: `压测端发送不准时（${lateness.zh}），仅作提示：耗时从计划发送时刻算起，发送迟到只会使耗时偏大，而目标服务的校验点全部通过`,
      },
    };
  }
  const delivered =
    undelivered?.actual == null ? '' : ` (${Math.round(undelivered.actual * 1000) / 10}% of the planned rate)`;
  const deliveredZh =
    undelivered?.actual == null ? '' : `（计划速率的 ${Math.round(undelivered.actual * 1000) / 10}%）`;
  if (failed.length === 0)
    return {
      verdict: 'inconclusive',
      why: {
        en: `every check of the target passed, but the plan was not delivered${delivered}: they passed at a lighter load than planned. See the note on what held it back${behind ? ', and give the generator more room (--workers, another machine)' : ''}`,
        zh: `目标服务的校验点全部通过，但计划的负载未能送达${deliveredZh}：通过时的负载低于计划。原因见说明${behind ? '；请给压测端更多资源（--workers，或换一台机器）' : ''}`,
      },
    };
  if (behind)
    return {
      verdict: 'inconclusive',
      why: {
        en: `${failed.length} check(s) of the target failed while the generator fell behind (${lateness.en}): the failure may be lptf's, not the target's. Lower the rate, add --workers, or run lptf on another machine, and run again`,
        zh: `${failed.length} 个目标校验点未通过，而压测端同时落后于计划（${lateness.zh}）：未通过可能是 lptf 自身造成的。请降低速率、增加 --workers 或换一台机器后重跑`,
      },
    };
  return { verdict: 'fail' };
}
