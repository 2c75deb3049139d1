import { formatPercent } from '../../core/units/index.js';
import type { Section } from '../../render/section.js';
import type { ServerResult } from '../result/index.js';
import { SERVER_WORDS } from './labels.js';

const mb = (v: number | null | undefined): string => (v === null || v === undefined ? 'n/a' : `${v.toFixed(1)} MB`);
const pct = (v: number | null | undefined): string => (v === null || v === undefined ? 'n/a' : formatPercent(v));
const signed = (v: number | null): string => (v === null ? 'n/a' : `${v >= 0 ? '+' : ''}${v.toFixed(1)} MB`);

/**
 * The watched servers, one row each: CPU (mean, max), memory (least, most, growth), and what
 * only a process (threads, open files) or a host (load) has; then when a process vanished and
 * how many readings failed.
 *
 * @example
 * ```ts
 * serverSection(result.servers, 'en')?.table?.headers[0] // 'server'
 * ```
 */
export function serverSection(servers: readonly ServerResult[] | undefined, lang: 'zh' | 'en'): Section | undefined {
  if (!servers || servers.length === 0) return undefined;
  const w = SERVER_WORDS[lang];
  const processes = servers.some((s) => s.kind === 'process');
  const hosts = servers.some((s) => s.kind === 'host');
  const rows = servers.map((s) => [
    s.name,
    pct(s.cpu?.mean),
    pct(s.cpu?.max),
    mb(s.memMB?.min),
    mb(s.memMB?.max),
    signed(s.memGrowthMB),
    ...(processes
      ? [s.threadsMax === undefined ? '' : String(s.threadsMax), s.fdsMax === undefined ? '' : String(s.fdsMax)]
      : []),
    ...(hosts ? [s.load1Max === undefined ? '' : s.load1Max.toFixed(2)] : []),
  ]);
  const lines = [
    w.note,
    ...servers.flatMap((s) => (s.vanishedAtSec !== undefined ? [w.vanished(s.name, s.vanishedAtSec)] : [])),
    ...servers.flatMap((s) => (s.failedReads > 0 ? [w.failed(s.name, s.failedReads)] : [])),
  ];
  return {
    id: 'servers',
    title: w.title,
    table: {
      headers: [
        w.server,
        w.cpuMean,
        w.cpuMax,
        w.memMin,
        w.memMax,
        w.growth,
        ...(processes ? [w.threads, w.fds] : []),
        ...(hosts ? [w.load] : []),
      ],
      rows,
      align: [
        'l',
        'r',
        'r',
        'r',
        'r',
        'r',
        ...(processes ? (['r', 'r'] as const) : []),
        ...(hosts ? (['r'] as const) : []),
      ],
    },
    lines,
  };
}
