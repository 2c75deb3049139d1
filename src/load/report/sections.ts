import { type CheckResult, type CheckWindow, formatThreshold, isRunCheck } from '../../core/checks/index.js';
import type { LatencySummary } from '../../core/recorder/index.js';
import { sayIn } from '../../core/said.js';
import { formatDuration, formatMs, formatPercent } from '../../core/units/index.js';
import type { Section } from '../../render/section.js';
import type { Table } from '../../render/table.js';
import type { Lang } from '../plan/index.js';
import { protocols } from '../protocol/protocols.js';
import { loadWords, plannedWords, type RunResult, requestWords, type ScopeResult } from '../result/index.js';
import { checkLabel, WORDS } from './labels.js';
import { phaseSection } from './phase-section.js';
import { serverSection } from './server-section.js';

/** Where a windowed check's worst window was: its seconds. */
function windowWords(w: CheckWindow, lang: Lang): string {
  return lang === 'zh' ? `（第 ${w.fromSecond}-${w.toSecond} 秒）` : ` (s ${w.fromSecond}-${w.toSecond})`;
}

/**
 * A line for each windowed check that failed: its worst window, when it was, and how many
 * windows failed, so a short outage is found at its time in the charts.
 *
 * @example
 * ```ts
 * windowLines(result, 'en') // ['error rate, each 5 s window: worst 60% in seconds 7-11 (6s to 11s into the run); 5 of 16 windows failed']
 * ```
 */
export function windowLines(result: Pick<RunResult, 'checks' | 'target'>, lang: Lang): string[] {
  return result.checks.flatMap((c) => {
    if (!c.window || c.pass) return [];
    const label = checkLabel(c, lang, result.target.protocol);
    const value = formatThreshold(c.window.actual, c.unit);
    const from = c.window.fromSecond === 1 ? '0s' : formatDuration((c.window.fromSecond - 1) * 1000);
    const to = formatDuration(c.window.toSecond * 1000);
    const n = c.windows ?? { judged: 0, failed: 0 };
    return lang === 'zh'
      ? [
          `${label}：最差窗口为第 ${c.window.fromSecond}-${c.window.toSecond} 秒（压测开始后 ${from} 至 ${to}），${value}；${n.judged} 个窗口中 ${n.failed} 个未通过`,
        ]
      : [
          `${label}: worst ${value} in seconds ${c.window.fromSecond}-${c.window.toSecond} (${from} to ${to} into the run); ${n.failed} of ${n.judged} windows failed`,
        ];
  });
}

/**
 * The acceptance table of the seed: check | share | expected, plus the verdict of each row.
 *
 * @example
 * ```ts
 * acceptanceTable(result.checks, 'zh').headers // ['校验点', '耗时比例', '预期结果', '结论']
 * ```
 */
export function acceptanceTable(checks: readonly CheckResult[], lang: 'zh' | 'en', protocol?: string): Table {
  const w = WORDS[lang];
  // The seed's column is a share of requests; a table that also holds latencies or rates says "measured".
  const shares = checks.every((c) => c.unit === 'fraction');
  return {
    headers: [w.check, shares ? w.share : w.measured, w.expected, w.result],
    rows: checks.map((c) => [
      checkLabel(c, lang, protocol),
      c.actual === null ? 'n/a' : `${formatThreshold(c.actual, c.unit)}${c.window ? windowWords(c.window, lang) : ''}`,
      c.expected,
      c.pass ? w.pass : w.fail,
    ]),
    align: ['l', 'c', 'r', 'l'],
  };
}

const LATENCY_COLUMNS = ['min', 'mean', 'p50', 'p90', 'p95', 'p99', 'p999', 'max'] as const;

function latencyRow(name: string, s: LatencySummary): string[] {
  return [name, String(s.count), ...LATENCY_COLUMNS.map((k) => formatMs(s[k]))];
}

function requestsRow(name: string, s: ScopeResult, unsent: boolean): string[] {
  const r = s.requests;
  const shares = Object.values(s.shares).map((v) => (v === null ? 'n/a' : formatPercent(v)));
  return [
    name,
    String(r.scheduled),
    String(r.sent),
    ...(unsent ? [String(r.unsent)] : []),
    String(r.ok),
    String(r.failed),
    String(r.dropped),
    `${s.achievedRate.toFixed(1)}/s`,
    ...shares,
  ];
}

/**
 * A run's checks, split: the acceptance form's (the target's answers) and the run's own (load
 * delivered, generator on time), which reports show apart so the seed's table keeps its rows.
 *
 * @example
 * ```ts
 * const { form, run } = checksOf(result) // run: ['delivered >= 95%', 'send_lateness_p99 <= 10ms']
 * ```
 */
export function checksOf(result: Pick<RunResult, 'checks'>): { form: CheckResult[]; run: CheckResult[] } {
  return { form: result.checks.filter((c) => !isRunCheck(c)), run: result.checks.filter(isRunCheck) };
}

/**
 * Every section of a run's report, in reading order.
 *
 * @example
 * ```ts
 * runSections(result).map((s) => s.title)
 * ```
 */
export function runSections(result: RunResult): Section[] {
  const lang = result.meta.lang;
  const w = WORDS[lang];
  const groups = Object.entries(result.groups);
  // The whole run first, under its name in the report's language; then each group by its own name.
  const stages = Object.entries(result.stages ?? {}).map(([name, s]): [string, ScopeResult] => [
    `${w.stage} ${name}`,
    s,
  ]);
  const scopes: [string, ScopeResult][] = [[w.all, result], ...(groups.length > 1 ? groups : []), ...stages];
  const sections: Section[] = [];
  const overBounds = [...overBoundLines(result, lang), ...windowLines(result, lang)];
  const { form, run } = checksOf(result);
  sections.push({
    id: 'acceptance',
    // "Self-test result" is the form's own title: a run with a preset fills one in; any other has checks.
    title: result.target.preset || result.imported?.selfTest ? w.title : w.checks,
    table: acceptanceTable(form, lang, result.target.protocol),
    ...(overBounds.length > 0 ? { lines: overBounds } : {}),
  });
  if (run.length > 0)
    sections.push({ id: 'delivery', title: w.delivery, table: acceptanceTable(run, lang, result.target.protocol) });
  if (result.info.length > 0)
    sections.push({
      id: 'end-to-end',
      title: w.endToEnd,
      table: acceptanceTable(result.info, lang, result.target.protocol),
    });
  // Arrivals that never became a request have a column when there are any.
  const unsent = result.requests.unsent > 0;
  sections.push({
    id: 'requests',
    title: w.requests,
    table: {
      headers: [
        w.scope,
        w.scheduled,
        w.sent,
        ...(unsent ? [w.unsent] : []),
        w.ok,
        w.failed,
        w.dropped,
        w.rate,
        ...Object.keys(result.shares),
      ],
      rows: scopes.map(([name, s]) => requestsRow(name, s, unsent)),
      align: [
        'l',
        'r',
        'r',
        ...(unsent ? ['r' as const] : []),
        'r',
        'r',
        'r',
        'r',
        ...Object.keys(result.shares).map(() => 'r' as const),
      ],
    },
  });
  // An imported run's latency is its service time: the tool timed from its actual send.
  sections.push({
    id: 'latency',
    title: result.imported ? w.latencyImported : w.latency,
    table: {
      headers: [w.scope, w.count, 'min', 'mean', 'p50', 'p90', 'p95', 'p99', 'p99.9', 'max'],
      rows: [
        ...scopes.map(([name, s]) => latencyRow(name, s.latencyMs)),
        ...(result.imported
          ? []
          : scopes.map(([name, s], i) =>
              latencyRow(i === 0 ? w.serviceTime : `${w.serviceTime} ${name}`, s.serviceTimeMs),
            )),
      ],
      align: ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    },
  });
  const wire = wireSection(scopes, lang);
  if (wire) sections.push(wire);
  const phases = phaseSection(result.phases, lang);
  if (phases) sections.push(phases);
  const servers = serverSection(result.servers, lang);
  if (servers) sections.push(servers);
  // What the protocol tallied of its own (the widget's err_codes), in its words.
  sections.push(...(protocols.find(result.target.protocol)?.sections?.(result, lang) ?? []));
  // With scenarios every failure is named by its scenario (a flow's, by its step): the whole run's row says less.
  const errorScopes = result.target.scenarios ? [...groups, ...stages] : scopes;
  const withExamples = errorScopes.some(([, s]) => Object.keys(s.examples).length > 0);
  const errorRows = errorScopes.flatMap(([name, s]) =>
    Object.entries(s.errors).map(([kind, n]) => [
      name,
      kind,
      String(n),
      ...(withExamples ? [(s.examples[kind] ?? []).join(' | ')] : []),
    ]),
  );
  if (errorRows.length > 0) {
    const headers = [w.scope, w.kind, w.count, ...(withExamples ? [w.examples] : [])];
    sections.push({
      id: 'errors',
      title: w.errors,
      table: { headers, rows: errorRows, align: ['l', 'l', 'r', 'l'] },
    });
  }
  const unexpectedRows = scopes.flatMap(([name, s]) =>
    Object.entries(s.unexpected ?? {}).map(([kind, n]) => [
      name,
      kind,
      String(n),
      (s.examples[kind] ?? []).join(' | '),
    ]),
  );
  if (unexpectedRows.length > 0) {
    sections.push({
      id: 'unexpected',
      title: w.unexpected,
      table: {
        headers: [w.scope, w.kind, w.count, w.examples],
        rows: unexpectedRows,
        align: ['l', 'l', 'r', 'l'],
      },
    });
  }
  // Another tool's run has no figures of lptf's generator.
  if (!result.imported)
    sections.push({ id: 'generator', title: w.generator, lines: generatorLines(result.generator, lang) });
  if (result.notes.length > 0) sections.push({ id: 'notes', title: w.notes, lines: result.notes.map((n) => n[lang]) });
  // What a protocol found odd in the answers, in its own words where it gives them in both languages.
  const words = protocols.find(result.target.protocol)?.warningWords;
  const replyWarnings = scopes
    .filter((_, i) => i > 0 || scopes.length === 1)
    .flatMap(([name, s]) =>
      Object.entries(s.replyWarnings).map(([text, n]) =>
        lang === 'zh'
          ? `${name}：${n} 个应答：${text
              .split('; ')
              .map((t) => words?.[t]?.zh ?? t)
              .join('；')}`
          : `${name}: ${n} answer(s): ${text}`,
      ),
    );
  const warnings = [...result.warnings.map((x) => sayIn(x, lang)), ...replyWarnings];
  if (warnings.length > 0) sections.push({ id: 'warnings', title: w.warnings, lines: warnings });
  return sections;
}

/** The generator's health in two lines: its lateness and stalls, its CPU and memory. */
function generatorLines(g: RunResult['generator'], lang: Lang): string[] {
  const perRequest = g.cpuPerRequestUs === null ? 'n/a' : `${g.cpuPerRequestUs.toFixed(1)} µs`;
  const cpu = formatMs(g.cpuUserMs + g.cpuSystemMs);
  if (lang === 'zh')
    return [
      `发送延迟 P50 ${formatMs(g.latenessMs.p50)}，P99 ${formatMs(g.latenessMs.p99)}，最大 ${formatMs(g.latenessMs.max)}；事件循环延迟 P99 ${formatMs(g.eventLoopDelayMs.p99)}`,
      `CPU ${cpu}（每个请求 ${perRequest}），RSS 峰值 ${g.maxRssMB.toFixed(1)} MB${g.behind ? ` — 发压端受限：${g.reasons.map((r) => r.zh).join('；')}` : ''}`,
    ];
  return [
    `send lateness p50 ${formatMs(g.latenessMs.p50)}, p99 ${formatMs(g.latenessMs.p99)}, max ${formatMs(g.latenessMs.max)}; event-loop delay p99 ${formatMs(g.eventLoopDelayMs.p99)}`,
    `CPU ${cpu} (${perRequest} per request), peak RSS ${g.maxRssMB.toFixed(1)} MB${g.behind ? ` — GENERATOR-LIMITED: ${g.reasons.map((r) => r.en).join('; ')}` : ''}`,
  ];
}

/**
 * What each "over a bound" row is made of: answers that came late, and requests with no valid
 * answer at all (failed or dropped), which count as over every bound. A figure to copy into a form
 * must say which it is.
 *
 * @example
 * ```ts
 * overBoundLines(result, 'en') // ['processed in over 870ms 0.5%: 0.3% answered late, 0.2% with no answer (timeout 12, refused 3)']
 * ```
 */
export function overBoundLines(result: RunResult, lang: 'zh' | 'en'): string[] {
  return result.checks.flatMap((c) => {
    const m = c.metric;
    if (m.kind !== 'share' || (m.op !== '>' && m.op !== '>=') || c.actual === null || c.windowSec !== undefined)
      return [];
    const scope = c.group ? result.groups[c.group] : result;
    if (!scope) return [];
    const r = scope.requests;
    const { unsent } = r;
    const decided = r.ok + r.failed + unsent + r.dropped;
    if (decided === 0) return [];
    const none = (r.failed + unsent + r.dropped) / decided;
    const late = Math.max(0, c.actual - none);
    const kinds = [...Object.entries(scope.errors), ...(r.dropped > 0 ? [['dropped', r.dropped] as const] : [])]
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
    const label = checkLabel(c, lang, result.target.protocol);
    return lang === 'zh'
      ? [
          `${label} ${formatPercent(c.actual)}：迟到的应答 ${formatPercent(late)}，无有效应答 ${formatPercent(none)}${kinds ? `（${kinds}）` : ''}`,
        ]
      : [
          `${label} ${formatPercent(c.actual)}: ${formatPercent(late)} answered late, ${formatPercent(none)} with no valid answer${kinds ? ` (${kinds})` : ''}`,
        ];
  });
}

/**
 * The run's first line: what was tested, how hard, for how long.
 *
 * @example
 * ```ts
 * headline(result) // 'POST http://127.0.0.1:8080/ at 200/s for 30s (6000 requests), preset wechat-widget'
 * ```
 */
export function headline(result: RunResult): string {
  const t = result.target;
  const duration = formatDuration(t.durationSec * 1000);
  const cases = t.cases.map((c) => `${c.group} ${c.count}`).join(' + ');
  // What the requests spoke, when not plain HTTP/1.1 (a preset names its own).
  const protocol = t.protocol && t.protocol !== 'http' ? t.protocol : undefined;
  if (result.meta.lang === 'zh') {
    const load = loadWords(t, 'zh');
    const planned = t.connections ? '' : `（共 ${plannedWords(t, t.plannedRequests, 'zh')}）`;
    return `${requestWords(t, 'zh')}，${load}，持续 ${duration}${planned}${t.preset ? `，预设 ${t.preset}` : protocol ? `，协议 ${protocol}` : ''}${cases ? `，用例 ${cases}` : ''}`;
  }
  const load = loadWords(t, 'en');
  const planned = t.connections ? '' : ` (${plannedWords(t, t.plannedRequests, 'en')})`;
  return `${requestWords(t, 'en')} ${load} for ${duration}${planned}${t.preset ? `, preset ${t.preset}` : protocol ? `, protocol ${protocol}` : ''}${cases ? `, cases ${cases}` : ''}`;
}

/**
 * The verdict line, with the exit code a CI job will see.
 *
 * @example
 * ```ts
 * verdictLine(result) // 'PASS: all 2 checks passed'
 * ```
 */
export function verdictLine(result: RunResult): string {
  const failed = result.checks.filter((c) => !c.pass);
  const n = result.checks.length;
  const ran = formatDuration(result.elapsedSec * 1000);
  const names = failed.map((c) => c.name);
  const verdict = result.verdict ?? (result.passed ? 'pass' : 'fail');
  const why = result.verdictWhy?.[result.meta.lang];
  const target = n - checksOf(result).run.length;
  if (result.meta.lang === 'zh') {
    const core =
      verdict === 'inconclusive'
        ? `无法判定（退出码 3）：${why ?? ''}`
        : failed.length === 0
          ? n === 1
            ? '通过：唯一的校验点通过'
            : `通过：全部 ${n} 个校验点通过`
          : verdict === 'pass'
            ? `通过：目标服务的 ${target} 个校验点全部通过；${why ?? ''}`
            : `未通过：${n} 个校验点中有 ${failed.length} 个未通过（${names.join('；')}）`;
    const stopped = result.stopped
      ? `；“${result.stopped.check}”在 ${result.stopped.atSec} 秒时已判定未通过，压测按计划提前停止`
      : '';
    return result.interrupted ? `运行 ${ran} 后被中断；到此为止${core}` : core + stopped;
  }
  const core =
    verdict === 'inconclusive'
      ? `INCONCLUSIVE (exit 3): ${why ?? ''}`
      : failed.length === 0
        ? n === 1
          ? 'PASS: the one check passed'
          : `PASS: all ${n} checks passed`
        : verdict === 'pass'
          ? `PASS: ${target === 1 ? 'the one check' : `all ${target} checks`} of the target passed; ${why ?? ''}`
          : `FAIL: ${failed.length} of ${n} ${n === 1 ? 'check' : 'checks'} failed (${names.join('; ')})`;
  const stopped = result.stopped
    ? `; stopped at ${result.stopped.atSec}s, as asked, once "${result.stopped.check}" was decided`
    : '';
  return result.interrupted ? `INTERRUPTED after ${ran}; so far ${core}` : core + stopped;
}

/** The wire phases' names, as k6 users know them. */
const WIRE_PHASES = [
  ['ttfb', { en: 'time to first byte', zh: '首字节时间' }],
  ['download', { en: 'download', zh: '下载' }],
  ['connect', { en: 'connect', zh: '建连' }],
  ['tls', { en: 'TLS handshake', zh: 'TLS 握手' }],
] as const;

/**
 * Where each scope's answers spent their time on the wire, when the transport timed it: time to
 * first byte and download of every answer, and the connections opened during the run (their
 * count is the connect row's).
 */
function wireSection(scopes: readonly (readonly [string, ScopeResult])[], lang: 'zh' | 'en'): Section | undefined {
  const w = WORDS[lang];
  const rows = scopes.flatMap(([name, s]) =>
    s.wire
      ? WIRE_PHASES.flatMap(([key, label]) => {
          const t = s.wire?.[key];
          if (!t || t.count === 0) return [];
          return [
            [name, label[lang], String(t.count), formatMs(t.p50), formatMs(t.p95), formatMs(t.p99), formatMs(t.max)],
          ];
        })
      : [],
  );
  if (rows.length === 0) return undefined;
  return {
    id: 'wire',
    title: w.wire,
    table: {
      headers: [w.scope, w.phase, w.count, 'p50', 'p95', 'p99', 'max'],
      rows,
      align: ['l', 'l', 'r', 'r', 'r', 'r', 'r'],
    },
  };
}
