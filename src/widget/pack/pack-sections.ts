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

/**
 * The three parts of the self-test form (seed 000, §1–3), in its language: 自测用例 (the case
 * files), 自测结果 (the table, with what the over-bound row is made of), and 压测时间 && 压测服务器
 * (the window with its time zone, the rate, the generator machine, the target, and the watched
 * servers' CPU and memory when the run watched them, then the backend's Server-Timing phases
 * when it sent them). Between the table and the window, the run's own checks: the load was
 * delivered, and sent on time.
 *
 * @example
 * ```ts
 * packSections(result, [{ group: 'normal', file: 'cases/normal.jsonl', count: 300 }]).map((s) => s.title)
 * // ['自测用例', '自测结果', '压测本身：计划压力是否送达，发压是否准时', '压测时间 && 压测服务器']
 * ```
 */
export function packSections(result: RunResult, cases: readonly PackedCases[]): Section[] {
  const total = cases.reduce((n, c) => n + c.count, 0);
  const t = result.target;
  const m = result.meta.machine;
  const zone = result.meta.timeZone ?? { name: 'UTC', offset: '+00:00' };
  const host = new URL(t.url).host;
  const { form, run } = checksOf(result);
  const servers = serverSection(result.servers, 'zh');
  const phases = phaseSection(result.phases, 'zh');
  return [
    {
      id: 'cases',
      title: '自测用例',
      table: {
        headers: ['用例组', '文件', '用例数'],
        rows: cases.map((c) => [c.group, c.file, String(c.count)]),
        align: ['l', 'l', 'r'],
      },
      lines: [`共 ${total} 条用例（上限 3000），每行一个 JSON 格式的 Query`],
    },
    {
      id: 'result',
      title: '自测结果',
      table: acceptanceTable(form, 'zh', t.protocol),
      lines: overBoundLines(result, 'zh'),
    },
    // Evidence that the load in the table was the load planned: delivered, and sent on time.
    ...(run.length > 0
      ? [{ id: 'delivery', title: WORDS.zh.delivery, table: acceptanceTable(run, 'zh', t.protocol) }]
      : []),
    {
      id: 'window-and-servers',
      title: '压测时间 && 压测服务器',
      lines: [
        `压测时间：${localTime(result.startedAt, zone.offset)} 至 ${localTime(result.endedAt, zone.offset)}（${zone.name}），持续 ${formatDuration(result.elapsedSec * 1000)}，${t.rate} QPS，共 ${result.requests.sent} 个请求`,
        `压测机器：${m ? `${m.cpu}，${m.cores} 核，内存 ${m.memoryGB} GB，${m.os}` : '未记录'}，Node ${result.meta.node}，${result.tool.name} ${result.tool.version}`,
        `被测服务：${host}${t.address ? `（解析为 ${t.address}）` : ''}，${t.url}`,
        servers
          ? `后台进程 CPU 与内存：压测期间监控了 ${result.servers?.length} 个服务，见下表（CPU 按单核百分比，内存增长按整段压测的趋势）`
          : '后台进程 CPU 与内存：本次未监控（压测时加 --watch-pid、--watch-cmd 或 --watch-node-exporter 即可记录）',
      ],
    },
    // What the servers did, and where the backend's own time went, as the run's reports say it.
    ...(servers ? [servers] : []),
    ...(phases ? [phases] : []),
  ];
}
