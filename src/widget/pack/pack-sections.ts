import { formatDuration } from '../../core/units/index.js';
import { WORDS } from '../../load/report/labels.js';
import { phaseSection } from '../../load/report/phase-section.js';
import { acceptanceTable, checksOf, overBoundLines } from '../../load/report/sections.js';
import { serverSection } from '../../load/report/server-section.js';
import type { RunResult } from '../../load/result/index.js';
import type { Section } from '../../render/section.js';

/**
 * A case file as the pack holds it: its group, its name in the pack and its cases.
 *
 * @example
 * ```ts
 * const f: PackedCases = { group: 'normal', file: 'cases/normal.jsonl', count: 300 }
 * ```
 */
export interface PackedCases {
  readonly group: string;
  readonly file: string;
  readonly count: number;
}

/** An ISO time in the run's own time zone: `2026-11-30 13:10:00 +08:00`. */
function localTime(iso: string, offset: string): string {
  const m = /^([+-])(\d\d):(\d\d)$/.exec(offset);
  const minutes = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
  const shifted = new Date(Date.parse(iso) + minutes * 60_000).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 19)} ${m ? offset : '+00:00'}`;
}

/** The pack's words, in each language; the form's own parts in Chinese are its field names. */
const PACK_WORDS = {
  zh: {
    cases: '自测用例',
    casesHeaders: ['用例组', '文件', '用例数'],
    casesLine: (total: number) => `共 ${total} 条用例（上限 3000），每行一个 JSON 格式的 Query`,
    result: '自测结果',
    window: '压测时间 && 压测服务器',
    when: (from: string, to: string, zone: string, duration: string, rate: number, sent: number) =>
      `压测时间：${from} 至 ${to}（${zone}），持续 ${duration}，${rate} QPS，共 ${sent} 个请求`,
    machine: (m: string | undefined, node: string, tool: string) => `压测机器：${m ?? '未记录'}，Node ${node}，${tool}`,
    machineOf: (m: NonNullable<RunResult['meta']['machine']>) =>
      `${m.cpu}，${m.cores} 核，内存 ${m.memoryGB} GB，${m.os}`,
    target: (host: string, address: string | undefined, url: string) =>
      `被测服务：${host}${address ? `（解析为 ${address}）` : ''}，${url}`,
    watched: (n: number) =>
      `后台进程 CPU 与内存：压测期间监控了 ${n} 个服务，见下表（CPU 按单核百分比，内存增长按整段压测的趋势）`,
    unwatched: '后台进程 CPU 与内存：本次未监控（压测时加 --watch-pid、--watch-cmd 或 --watch-node-exporter 即可记录）',
  },
  en: {
    cases: 'Self-test cases',
    casesHeaders: ['group', 'file', 'cases'],
    casesLine: (total: number) => `${total} cases in all (at most 3000), one JSON query a line`,
    result: 'Self-test result',
    window: 'Test window and servers',
    when: (from: string, to: string, zone: string, duration: string, rate: number, sent: number) =>
      `Test window: ${from} to ${to} (${zone}), ${duration}, ${rate} QPS, ${sent} requests`,
    machine: (m: string | undefined, node: string, tool: string) =>
      `Load generator: ${m ?? 'not recorded'}, Node ${node}, ${tool}`,
    machineOf: (m: NonNullable<RunResult['meta']['machine']>) =>
      `${m.cpu}, ${m.cores} cores, ${m.memoryGB} GB of memory, ${m.os}`,
    target: (host: string, address: string | undefined, url: string) =>
      `Target: ${host}${address ? ` (resolved to ${address})` : ''}, ${url}`,
    watched: (n: number) =>
      `Backend CPU and memory: ${n} watched during the run, in the table below (CPU in % of one core, memory growth as the whole run's trend)`,
    unwatched:
      'Backend CPU and memory: not watched in this run (add --watch-pid, --watch-cmd or --watch-node-exporter to the run to record them)',
  },
} as const;

/**
 * The three parts of the self-test form (seed 000, §1–3), in the run's language (the form's
 * own, Chinese, unless the run said `--lang en`): 自测用例 (the case files), 自测结果 (the table,
 * with what the over-bound row is made of), and 压测时间 && 压测服务器 (the window with its time
 * zone, the rate, the generator machine, the target, and the watched servers' CPU and memory when
 * the run watched them, then the backend's Server-Timing phases when it sent them). Between the
 * table and the window, the run's own checks: the load was delivered, and sent on time.
 *
 * @example
 * ```ts
 * packSections(result, [{ group: 'normal', file: 'cases/normal.jsonl', count: 300 }]).map((s) => s.title)
 * // ['自测用例', '自测结果', '压测本身：计划压力是否送达，发压是否准时', '压测时间 && 压测服务器']
 * ```
 */
export function packSections(result: RunResult, cases: readonly PackedCases[]): Section[] {
  const lang = result.meta.lang;
  const w = PACK_WORDS[lang];
  const total = cases.reduce((n, c) => n + c.count, 0);
  const t = result.target;
  const m = result.meta.machine;
  const zone = result.meta.timeZone ?? { name: 'UTC', offset: '+00:00' };
  const host = new URL(t.url).host;
  const { form, run } = checksOf(result);
  const servers = serverSection(result.servers, lang);
  const phases = phaseSection(result.phases, lang);
  return [
    {
      id: 'cases',
      title: w.cases,
      table: {
        headers: [...w.casesHeaders],
        rows: cases.map((c) => [c.group, c.file, String(c.count)]),
        align: ['l', 'l', 'r'],
      },
      lines: [w.casesLine(total)],
    },
    {
      id: 'result',
      title: w.result,
      table: acceptanceTable(form, lang, t.protocol),
      lines: overBoundLines(result, lang),
    },
    // Evidence that the load in the table was the load planned: delivered, and sent on time.
    ...(run.length > 0
      ? [{ id: 'delivery', title: WORDS[lang].delivery, table: acceptanceTable(run, lang, t.protocol) }]
      : []),
    {
      id: 'window-and-servers',
      title: w.window,
      lines: [
        w.when(
          localTime(result.startedAt, zone.offset),
          localTime(result.endedAt, zone.offset),
          zone.name,
          formatDuration(result.elapsedSec * 1000),
          t.rate,
          result.requests.sent,
        ),
        w.machine(m ? w.machineOf(m) : undefined, result.meta.node, `${result.tool.name} ${result.tool.version}`),
        w.target(host, t.address, t.url),
        servers ? w.watched(result.servers?.length ?? 0) : w.unwatched,
      ],
    },
    // What the servers did, and where the backend's own time went, as the run's reports say it.
    ...(servers ? [servers] : []),
    ...(phases ? [phases] : []),
  ];
}
