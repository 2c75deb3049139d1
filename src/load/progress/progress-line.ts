import { type CheckUnit, formatThreshold } from '../../core/checks/index.js';
import { formatDuration, formatMs } from '../../core/units/index.js';
import type { ProgressSnapshot } from './progress-snapshot.js';

const BAR = 20;

/** The progress line's words; a check is shown as written (its expression is the user's). */
const LINE_WORDS = {
  en: {
    left: (t: string) => ` (${t} left)`,
    rate: (rate: string, target: number) => `${rate}/s of ${target}/s`,
    closed: (rate: string) => `${rate}/s, closed loop`,
    p95: (recent: string, all: string) => `p95 5s ${recent}, all ${all}`,
    state: { failing: ' failing', passed: ' passed', failed: ' FAILED (decided)' },
    errors: (n: number, dropped: number) => `errors ${n}${dropped ? `, dropped ${dropped}` : ''}`,
    verdict: { passing: 'passing', failing: 'failing', failed: 'failed', pending: 'pending' },
  },
  zh: {
    left: (t: string) => `（剩余 ${t}）`,
    rate: (rate: string, target: number) => `${rate}/s，计划 ${target}/s`,
    closed: (rate: string) => `${rate}/s，闭环`,
    p95: (recent: string, all: string) => `P95 近 5 秒 ${recent}，全程 ${all}`,
    state: { failing: ' 暂未通过', passed: ' 已判定通过', failed: ' 已判定未通过' },
    errors: (n: number, dropped: number) => `错误 ${n}${dropped ? `，丢弃 ${dropped}` : ''}`,
    verdict: { passing: '目前通过', failing: '目前未通过', failed: '已判定未通过', pending: '等待应答' },
  },
} as const;

/**
 * Renders a snapshot as one line, in the run's language: a bar, elapsed and remaining time, the
 * current rate, recent and overall p95, each check's value so far, errors and the verdict so far.
 *
 * @example
 * ```ts
 * progressLine(snapshot)
 * // '[#####...............] 8s / 30s (22s left) | 200.0/s of 200/s | p95 5s 23.1ms, all 22.0ms | share(<=170ms) 99.2% ... | errors 0 | passing'
 * // a check decided failed: '… | share(>870ms) 1.2% FAILED (decided) | … | failed'
 * progressLine(snapshot, 'zh')
 * // '[#####...............] 8s / 30s（剩余 22s） | 200.0/s，计划 200/s | P95 近 5 秒 23.1ms，全程 22.0ms | … | 错误 0 | 目前通过'
 * ```
 */
export function progressLine(s: ProgressSnapshot, lang: 'zh' | 'en' = 'en'): string {
  const w = LINE_WORDS[lang];
  const frac = Math.min(1, s.elapsedMs / s.durationMs);
  const filled = Math.round(frac * BAR);
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(BAR - filled)}]`;
  const left = Math.max(0, s.durationMs - s.elapsedMs);
  // Each check by what it measures (its name less the bound), its value so far, and how it stands
  // when not passing: failing so far, or decided (no future of the run changes it).
  const checks = s.checks.map((c) => {
    const what = c.name.endsWith(` ${c.expected}`) ? c.name.slice(0, -c.expected.length - 1) : c.name;
    const value = c.actual === null ? 'n/a' : formatThreshold(c.actual, c.unit as CheckUnit);
    return `${what} ${value}${c.state === 'passing' ? '' : w.state[c.state]}`;
  });
  const rate = s.rate.toFixed(1);
  return [
    `${bar} ${formatDuration(s.elapsedMs)} / ${formatDuration(s.durationMs)}${w.left(formatDuration(left))}`,
    s.closedLoop ? w.closed(rate) : w.rate(rate, s.targetRate),
    w.p95(formatMs(s.recentP95), formatMs(s.p95)),
    ...checks,
    w.errors(s.failed, s.dropped),
    w.verdict[s.verdict],
  ].join(' | ');
}
