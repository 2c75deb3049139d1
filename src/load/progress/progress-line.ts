import { type CheckUnit, formatThreshold } from '../../core/checks/index.js';
import { formatDuration, formatMs } from '../../core/units/index.js';
import type { ProgressSnapshot } from './progress-snapshot.js';

const BAR = 20;

/**
 * Renders a snapshot as one line: a bar, elapsed and remaining time, the current rate, recent
 * and overall p95, each check's value so far, errors and the verdict so far.
 *
 * @example
 * ```ts
 * progressLine(snapshot)
 * // '[#####...............] 8s / 30s (22s left) | 200.0/s of 200/s | p95 5s 23.1ms, all 22.0ms | share(<=170ms) 99.2% ... | errors 0 | passing'
 * // a check decided failed: '… | share(>870ms) 1.2% FAILED (decided) | … | failed'
 * ```
 */
export function progressLine(s: ProgressSnapshot): string {
  const frac = Math.min(1, s.elapsedMs / s.durationMs);
  const filled = Math.round(frac * BAR);
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(BAR - filled)}]`;
  const left = Math.max(0, s.durationMs - s.elapsedMs);
  // Each check by what it measures (its name less the bound), its value so far, and how it stands
  // when not passing: failing so far, or decided (no future of the run changes it).
  const checks = s.checks.map((c) => {
    const what = c.name.endsWith(` ${c.expected}`) ? c.name.slice(0, -c.expected.length - 1) : c.name;
    const value = c.actual === null ? 'n/a' : formatThreshold(c.actual, c.unit as CheckUnit);
    return `${what} ${value}${c.state === 'passing' ? '' : c.state === 'failed' ? ' FAILED (decided)' : ` ${c.state}`}`;
  });
  return [
    `${bar} ${formatDuration(s.elapsedMs)} / ${formatDuration(s.durationMs)} (${formatDuration(left)} left)`,
    !s.closedLoop ? `${s.rate.toFixed(1)}/s of ${s.targetRate}/s` : `${s.rate.toFixed(1)}/s, closed loop`,
    `p95 5s ${formatMs(s.recentP95)}, all ${formatMs(s.p95)}`,
    ...checks,
    `errors ${s.failed}${s.dropped ? `, dropped ${s.dropped}` : ''}`,
    s.verdict,
  ].join(' | ');
}
