import type { Check } from '../../core/checks/index.js';
import type { Lang } from '../plan/index.js';
import { protocols } from '../protocol/protocols.js';

const fmtBound = (ms: number): string => `${Number(ms.toFixed(3))}ms`;

/**
 * The words of the reports, in Chinese (the self-test form's language) and English.
 *
 * @example
 * ```ts
 * WORDS.en.check // 'check'
 * ```
 */
export const WORDS = {
  zh: {
    title: '自测结果',
    checks: '校验结果',
    check: '校验点',
    share: '耗时比例',
    measured: '实测值',
    expected: '预期结果',
    result: '结论',
    pass: '✔ 通过',
    fail: '✘ 未通过',
    endToEnd: '官方端到端标准（仅供参考）',
    delivery: '压测本身：计划压力是否送达，发压是否准时',
    requests: '请求',
    latency: 'OK 应答的耗时：从计划发送时间算起；服务耗时从实际发送时间算起',
    latencyImported: 'OK 应答的耗时：从实际发送时间算起（导入的结果没有计划发送时间）',
    errors: '按类型统计的错误',
    unexpected: '与用例预期不符的应答（按应答计时；由 expected_rate 判定）',
    generator: '发压端',
    notes: '说明',
    warnings: '警告',
    scope: '范围',
    all: '全部',
    stage: '阶段',
    serviceTime: '服务耗时',
    scheduled: '计划',
    sent: '已发送',
    ok: 'OK',
    failed: '失败',
    dropped: '丢弃',
    unsent: '未发出',
    wire: '网络各阶段耗时：首字节时间、下载；运行中新建连接的建连与 TLS 握手',
    phase: '阶段',
    rate: '速率',
    count: '数量',
    kind: '类型',
    examples: '最早的例子',
    report: 'lptf 压测报告',
    charts: '图表',
    run: '运行信息',
  },
  en: {
    title: 'Self-test result',
    checks: 'Checks',
    check: 'check',
    share: 'share of requests',
    measured: 'measured',
    expected: 'expected',
    result: 'result',
    pass: '✔ pass',
    fail: '✘ FAIL',
    endToEnd: 'Official end-to-end criterion (for information)',
    delivery: 'The run itself: planned load delivered, generator on time',
    requests: 'Requests',
    latency: 'Latency of OK answers: from the intended send time, and service time from the actual send',
    latencyImported: 'Latency of OK answers: from the actual send (an imported result has no intended send time)',
    errors: 'Errors by kind',
    unexpected: 'Answers not as their case expected (timed as answers; judged by expected_rate)',
    generator: 'Load generator',
    notes: 'Notes',
    warnings: 'Warnings',
    scope: 'scope',
    all: 'all',
    stage: 'stage',
    serviceTime: 'service time',
    scheduled: 'scheduled',
    sent: 'sent',
    ok: 'ok',
    failed: 'failed',
    dropped: 'dropped',
    unsent: 'unsent',
    wire: 'On the wire: time to first byte and download; connect and TLS of the connections opened during the run',
    phase: 'phase',
    rate: 'rate',
    count: 'count',
    kind: 'kind',
    examples: 'first examples',
    report: 'lptf load test report',
    charts: 'Charts',
    run: 'Run',
  },
} as const;

/**
 * A check's row label: the seed's wording for shares (`170ms内处理`, `超过 870 ms处理`), the
 * protocol's own words where it has some (the widget's `err_code 符合预期`), plain words for the
 * rest, with the group or the stage if the check has one (`p95 latency [stage steady]`).
 *
 * @example
 * ```ts
 * checkLabel(parseCheck('share(>870ms) <= 1%'), 'zh') // '超过 870 ms处理'
 * checkLabel(parseCheck('p(95) <= 170ms'), 'en') // 'p95 latency'
 * ```
 */
export function checkLabel(check: Check, lang: Lang, protocol?: string): string {
  const m = check.metric;
  const zh = lang === 'zh';
  const own = protocol === undefined ? undefined : protocols.find(protocol)?.checkLabels?.[m.kind];
  let label: string;
  if (own) return scoped(own[lang], check, lang);
  switch (m.kind) {
    case 'share': {
      const b = fmtBound(m.boundMs);
      const within = m.op === '<=' || m.op === '<';
      if (zh) label = within ? `${b}内处理` : `超过 ${b.replace(/(ms|s)$/, ' $1')}处理`;
      else label = within ? `processed within ${b}` : `processed in over ${b}`;
      if (m.op === '<' || m.op === '>=') label += zh ? `（${m.op}）` : ` (${m.op})`;
      break;
    }
    case 'percentile':
      label = zh ? `P${m.p} 耗时` : `p${m.p} latency`;
      break;
    default:
      label = (zh ? ZH_METRIC : EN_METRIC)[m.kind];
  }
  return scoped(label, check, lang);
}

/** A label with the group or stage its check judges, and its window. */
function scoped(label: string, check: Check, lang: Lang): string {
  const window =
    check.windowSec === undefined
      ? ''
      : lang === 'zh'
        ? `（每 ${check.windowSec} 秒窗口）`
        : `, each ${check.windowSec} s window`;
  return scopedOnly(label + window, check, lang);
}

function scopedOnly(label: string, check: Check, lang: Lang): string {
  if (check.group !== undefined) return `${label} [${check.group}]`;
  if (check.stage !== undefined) return `${label} [${lang === 'zh' ? '阶段' : 'stage'} ${check.stage}]`;
  if (check.scenario !== undefined) return `${label} [${lang === 'zh' ? '场景' : 'scenario'} ${check.scenario}]`;
  return label;
}

const ZH_METRIC = {
  mean: '平均耗时',
  min: '最小耗时',
  max: '最大耗时',
  error_rate: '错误率',
  failed: '失败请求数',
  dropped: '丢弃请求数',
  dropped_rate: '丢弃比例',
  rate: '实际 QPS',
  expected_rate: '应答符合预期',
  delivered: '计划压力送达',
  send_lateness_p99: '发压延迟 P99',
  server_cpu: '服务器 CPU 平均',
  server_rss_growth: '服务器内存增长',
} as const;

const EN_METRIC = {
  mean: 'mean latency',
  min: 'min latency',
  max: 'max latency',
  error_rate: 'error rate',
  failed: 'failed requests',
  dropped: 'dropped requests',
  dropped_rate: 'dropped share',
  rate: 'achieved rate',
  expected_rate: 'answers as expected',
  delivered: 'planned load delivered',
  send_lateness_p99: 'send lateness p99',
  server_cpu: 'server CPU, mean',
  server_rss_growth: 'server memory growth',
} as const;

/** The words of the watched servers' section (`server-section.ts`). */
export const SERVER_WORDS = {
  zh: {
    title: '被测服务器：压测期间的 CPU 与内存',
    server: '服务器',
    cpuMean: 'CPU 平均',
    cpuMax: 'CPU 最高',
    memMin: '内存最低',
    memMax: '内存最高',
    growth: '内存增长',
    threads: '线程',
    fds: '打开的文件',
    load: '负载 1m',
    vanished: (name: string, s: number) => `${name}：第 ${s} 秒时进程已不在，之后的秒没有读数`,
    failed: (name: string, n: number) => `${name}：${n} 次读取失败（抓取被拒或超过 1 秒），曲线在那里有空缺`,
    note: 'CPU：进程按单核计（两核跑满为 200%），主机按全部核计；内存：进程树的 RSS，或主机已用内存；增长：按最小二乘趋势算出的整个压测期间的增长',
  },
  en: {
    title: 'Servers watched beside the load: CPU and memory',
    server: 'server',
    cpuMean: 'CPU mean',
    cpuMax: 'CPU max',
    memMin: 'memory min',
    memMax: 'memory max',
    growth: 'memory growth',
    threads: 'threads',
    fds: 'open files',
    load: 'load 1m',
    vanished: (name: string, s: number) =>
      `${name}: the process was gone at second ${s}; later seconds have no reading`,
    failed: (name: string, n: number) =>
      `${name}: ${n} reading(s) failed (a scrape refused or slower than 1 s); the series has gaps there`,
    note: 'CPU: of one core for a process (200% is two cores busy), of all cores for a host; memory: the process tree’s RSS, or the host’s memory in use; growth: the least-squares trend over the run',
  },
} as const;
