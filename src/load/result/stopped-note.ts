import { type Check, type Decision, formatThreshold } from '../../core/checks/index.js';
import { formatDuration } from '../../core/units/index.js';
import type { Said } from './notes.js';

/**
 * Why a run was stopped before its end: the check that was decided failed, when, and the
 * evidence, in both languages. Stopped this way, the check fails whatever the rest of the run
 * would have done.
 *
 * @example
 * ```ts
 * stoppedNote(parseCheck('share(>870ms) <= 1%'), { verdict: 'fail', what: 'over', count: 3601, of: 360000 }, 252).en
 * // 'Stopped at 4m 12s: "share(>870ms) <= 1%" was decided: 3,601 of the 360,000 requests the plan can make were over 870ms, so it cannot hold, whatever followed (--abort-on-fail).'
 * ```
 */
export function stoppedNote(check: Check, d: Decision, atSec: number): Said {
  const at = atSec < 60 ? `${Math.round(atSec * 10) / 10}s` : formatDuration(Math.round(atSec) * 1000);
  const expected = `${check.op} ${formatThreshold(check.threshold, check.unit)}`;
  const head = {
    en: `Stopped at ${at}: "${check.name}" was decided: `,
    zh: `在 ${at} 时停止：“${check.name}”已判定未通过：`,
  };
  const tail = { en: ', whatever followed (--abort-on-fail).', zh: '，之后无论如何都无法通过（--abort-on-fail）。' };
  if (d.window) {
    const value = formatThreshold(d.window.actual, check.unit);
    return {
      en: `${head.en}its window of seconds ${d.window.fromSecond}-${d.window.toSecond} measured ${value}, not ${expected}, and one failing window fails a check over windows${tail.en}`,
      zh: `${head.zh}第 ${d.window.fromSecond}-${d.window.toSecond} 秒的窗口为 ${value}，不满足 ${expected}；一个窗口未通过即未通过${tail.zh}`,
    };
  }
  const n = d.count.toLocaleString('en-US');
  const of = d.of?.toLocaleString('en-US');
  const bound =
    check.metric.kind === 'share'
      ? formatThreshold(check.metric.boundMs, 'ms')
      : check.metric.kind === 'percentile' || check.metric.kind === 'max'
        ? formatThreshold(check.threshold, 'ms')
        : '';
  const one = d.count === 1;
  const what: Said =
    d.what === 'over'
      ? { en: `${one ? 'was' : 'were'} over ${bound}`, zh: `超过 ${bound}` }
      : d.what === 'within'
        ? { en: `${one ? 'was' : 'were'} within ${bound}`, zh: `在 ${bound} 内` }
        : d.what === 'failed'
          ? { en: 'failed', zh: '失败' }
          : d.what === 'dropped'
            ? { en: `${one ? 'was' : 'were'} dropped`, zh: '被丢弃' }
            : { en: `took over ${bound}`, zh: `耗时超过 ${bound}` };
  const figure: Said =
    of === undefined
      ? {
          en: `${n} ${one ? 'request' : 'requests'} ${what.en}, not ${expected}`,
          zh: `${n} 个请求${what.zh}，不满足 ${expected}`,
        }
      : {
          en: `${n} of the ${of} requests the plan can make ${what.en}, so it cannot hold`,
          zh: `计划最多 ${of} 个请求，其中 ${n} 个${what.zh}，已不可能满足`,
        };
  return { en: `${head.en}${figure.en}${tail.en}`, zh: `${head.zh}${figure.zh}${tail.zh}` };
}
