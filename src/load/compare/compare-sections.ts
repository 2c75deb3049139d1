import { type CheckResult, formatThreshold } from '../../core/checks/index.js';
import type { LatencySummary } from '../../core/recorder/index.js';
import { formatMs, formatPercent } from '../../core/units/index.js';
import type { Section } from '../../render/index.js';
import type { RunResult, ScopeResult } from '../result/index.js';
import { countDelta, msDelta, ppDelta, unitDelta } from './delta.js';
import { planDifferences } from './plan-differences.js';

const LATENCY_ROWS: readonly [keyof LatencySummary, string][] = [
  ['min', 'min'],
  ['mean', 'mean'],
  ['p50', 'p50'],
  ['p90', 'p90'],
  ['p95', 'p95'],
  ['p99', 'p99'],
  ['p999', 'p99.9'],
  ['max', 'max'],
];

const value = (c: CheckResult | undefined): string =>
  !c ? '—' : c.actual === null ? 'n/a' : formatThreshold(c.actual, c.unit);
const verdict = (c: CheckResult | undefined): string => (!c ? '—' : c.pass ? 'pass' : 'fail');
const errorRate = (s: ScopeResult): number | null => (s.requests.sent > 0 ? s.requests.failed / s.requests.sent : null);

function checkRows(a: readonly CheckResult[], b: readonly CheckResult[]): string[][] {
  const names = [...new Set([...a.map((c) => c.name), ...b.map((c) => c.name)])];
  return names.map((name) => {
    const ca = a.find((c) => c.name === name);
    const cb = b.find((c) => c.name === name);
    const d = ca && cb ? unitDelta(ca.actual, cb.actual, ca.unit) : '—';
    const change = !ca || !cb ? '' : ca.pass === cb.pass ? verdict(cb) : `${verdict(ca)} → ${verdict(cb)}`;
    return [name, value(ca), value(cb), d, change];
  });
}

function latencyRows(scope: string, a: LatencySummary, b: LatencySummary): string[][] {
  return LATENCY_ROWS.map(([key, label]) => [
    scope,
    label,
    formatMs(a[key] as number | null),
    formatMs(b[key] as number | null),
    msDelta(a[key] as number | null, b[key] as number | null),
  ]);
}

/**
 * The sections of a side-by-side comparison of run A and run B, each with B's change from A:
 * plan differences, checks, requests, latency (all and each common group), and the generator.
 *
 * @example
 * ```ts
 * compareSections(before, after).map((s) => s.id) // ['plans', 'checks', 'requests', 'latency', …]
 * ```
 */
export function compareSections(a: RunResult, b: RunResult): Section[] {
  const sections: Section[] = [];
  const diffs = planDifferences(a, b);
  sections.push({
    id: 'plans',
    title: 'Plans',
    lines:
      diffs.length > 0
        ? ['The runs differ in more than the service:', ...diffs]
        : ['Same plan: same target, rate, duration, limits, checks and cases.'],
  });
  sections.push({
    id: 'checks',
    title: 'Checks',
    table: {
      headers: ['check', 'A', 'B', 'change', 'verdict'],
      rows: checkRows([...a.checks, ...a.info], [...b.checks, ...b.info]),
      align: ['l', 'r', 'r', 'r', 'l'],
    },
  });
  const reqRow = (
    label: string,
    f: (s: ScopeResult) => number | null,
    fmt: (n: number | null) => string,
    delta: (x: number | null, y: number | null) => string,
  ): string[] => [label, fmt(f(a)), fmt(f(b)), delta(f(a), f(b))];
  const n = (v: number | null): string => (v === null ? 'n/a' : String(v));
  const pct = (v: number | null): string => (v === null ? 'n/a' : formatPercent(v));
  sections.push({
    id: 'requests',
    title: 'Requests',
    table: {
      headers: ['', 'A', 'B', 'change'],
      rows: [
        reqRow('sent', (s) => s.requests.sent, n, countDelta),
        reqRow('ok', (s) => s.requests.ok, n, countDelta),
        reqRow('failed', (s) => s.requests.failed, n, countDelta),
        reqRow('dropped', (s) => s.requests.dropped, n, countDelta),
        reqRow(
          'achieved rate (/s)',
          (s) => s.achievedRate,
          (v) => (v === null ? 'n/a' : v.toFixed(1)),
          (x, y) => countDelta(x === null ? x : Number(x.toFixed(1)), y === null ? y : Number(y.toFixed(1))),
        ),
        reqRow('error rate', errorRate, pct, ppDelta),
      ],
      align: ['l', 'r', 'r', 'r'],
    },
  });
  const common = Object.keys(a.groups).filter((g) => Object.hasOwn(b.groups, g));
  const groupRows =
    common.length > 1
      ? common.flatMap((g) =>
          latencyRows(g, a.groups[g]!.latencyMs, b.groups[g]!.latencyMs).filter((r) =>
            ['p50', 'p95', 'p99'].includes(r[1]!),
          ),
        )
      : [];
  sections.push({
    id: 'latency',
    title: 'Latency of OK answers (from the intended send time)',
    table: {
      headers: ['scope', '', 'A', 'B', 'change'],
      rows: [...latencyRows('all', a.latencyMs, b.latencyMs), ...groupRows],
      align: ['l', 'l', 'r', 'r', 'r'],
    },
  });
  const ga = a.generator;
  const gb = b.generator;
  sections.push({
    id: 'generator',
    title: 'Load generator',
    table: {
      headers: ['', 'A', 'B'],
      rows: [
        ['send lateness p99', formatMs(ga.latenessMs.p99), formatMs(gb.latenessMs.p99)],
        [
          'CPU per request',
          ga.cpuPerRequestUs === null ? 'n/a' : `${ga.cpuPerRequestUs.toFixed(1)} µs`,
          gb.cpuPerRequestUs === null ? 'n/a' : `${gb.cpuPerRequestUs.toFixed(1)} µs`,
        ],
        ['peak RSS', `${ga.maxRssMB.toFixed(1)} MB`, `${gb.maxRssMB.toFixed(1)} MB`],
        ['fell behind', ga.behind ? 'yes' : 'no', gb.behind ? 'yes' : 'no'],
      ],
      align: ['l', 'r', 'r'],
    },
  });
  return sections;
}
