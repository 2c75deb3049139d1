import { parseCsvRow, readLines } from '../../core/cases/index.js';
import type { Problem } from '../../core/errors/index.js';
import { failureKind } from './failure-kind.js';
import type { ForeignSample } from './sample-table.js';

/** A field that goes on over lines (a quoted failure message) is kept to this many lines. */
const MAX_FIELD_LINES = 100;

/** The columns lptf reads, by JMeter's names; the first three must be there. */
const NEEDED = ['timeStamp', 'elapsed', 'success'] as const;

/**
 * JMeter's `timeStamp`: milliseconds since the epoch (its default), or a date in the
 * `timestamp_format` the user set (`yyyy/MM/dd HH:mm:ss.SSS`, ISO 8601), read as local time when
 * it names no zone, as JMeter wrote it.
 */
export function jmeterTime(text: string): number | undefined {
  const t = text.trim();
  if (/^\d{10,16}$/.test(t)) return Number(t);
  const ms = Date.parse(t);
  return Number.isFinite(ms) ? ms : undefined;
}

/** A sample's optional millisecond column: undefined when absent or empty. */
function optionalMs(cells: Record<string, string>, name: string): number | undefined {
  const v = cells[name]?.trim();
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/**
 * Reads a JMeter CSV results file (`jmeter -l results.jtl`, its default format): a header line of
 * its field names (`timeStamp,elapsed,label,responseCode,…`, with the delimiter JMeter was set
 * to: comma, tab, semicolon), then one sample a line. A transaction controller's own line (its
 * message `Number of samples in transaction …`) sums the samplers it holds, which have lines of
 * their own: it is skipped and counted. Each sample, or each problem by line, goes to `onSample`
 * and `problems`.
 *
 * @example
 * ```ts
 * await readJmeterCsv('results.jtl', (s) => table.add(s), problems, 1 << 30)
 * ```
 */
export async function readJmeterCsv(
  file: string,
  onSample: (sample: ForeignSample) => void,
  problems: Problem[],
  maxBytes: number,
): Promise<{ transactions: number }> {
  let header: string[] | undefined;
  let delimiter = ',';
  let transactions = 0;
  let carried: { text: string; line: number; lines: number } | undefined;
  for await (const { line, text, tooLong } of readLines(file, { maxBytes })) {
    if (problems.length >= 20) break;
    const where = `${file}:${carried?.line ?? line}`;
    if (tooLong) {
      problems.push({ where, message: 'a line longer than 1 MiB' });
      carried = undefined;
      continue;
    }
    const row = carried ? `${carried.text}\n${text}` : text;
    if (!carried && row.trim() === '') continue;
    if (!header) {
      delimiter = /^"?timeStamp"?([,\t;|])/.exec(row)?.[1] ?? ',';
      header = parseCsvRow(row, delimiter).fields.map((h) => h.trim());
      const missing = NEEDED.filter((n) => !header?.includes(n));
      if (missing.length > 0) {
        problems.push({
          where,
          message: `not a JMeter CSV header: it names no ${missing.join(', ')}. lptf reads JMeter's CSV with its field names (jmeter.save.saveservice.print_field_names=true, JMeter's default)`,
        });
        return { transactions };
      }
      continue;
    }
    const { fields, closed } = parseCsvRow(row, delimiter);
    if (!closed) {
      const lines = (carried?.lines ?? 0) + 1;
      if (lines < MAX_FIELD_LINES) {
        carried = { text: row, line: carried?.line ?? line, lines };
        continue;
      }
      problems.push({ where, message: `a quote is not closed within ${MAX_FIELD_LINES} lines` });
      carried = undefined;
      continue;
    }
    carried = undefined;
    if (fields.length !== header.length) {
      problems.push({ where, message: `${fields.length} fields, but the header names ${header.length}` });
      continue;
    }
    const cells = Object.fromEntries(header.map((h, i) => [h, fields[i] as string]));
    const sample = jmeterSample(cells, where, problems);
    if (sample === 'transaction') transactions++;
    else if (sample) onSample(sample);
  }
  if (carried)
    problems.push({ where: `${file}:${carried.line}`, message: 'a quote is not closed by the end of the file' });
  if (!header) problems.push({ where: file, message: 'empty: no header line, no sample' });
  return { transactions };
}

/**
 * One sample from its named fields (a CSV line's, or an XML element's attributes under their CSV
 * names), or a problem; `'transaction'` for a transaction controller's own sample.
 */
export function jmeterSample(
  cells: Readonly<Record<string, string | undefined>>,
  where: string,
  problems: Problem[],
): ForeignSample | 'transaction' | undefined {
  const message = cells.responseMessage ?? '';
  if (/^Number of samples in transaction/.test(message)) return 'transaction';
  const startMs = jmeterTime(cells.timeStamp ?? '');
  if (startMs === undefined) {
    problems.push({
      where,
      message: `timeStamp ${JSON.stringify(cells.timeStamp)} is neither ms since the epoch nor a date`,
    });
    return undefined;
  }
  const elapsedMs = Number(cells.elapsed);
  if (!/^\d+(\.\d+)?$/.test(cells.elapsed?.trim() ?? '') || !Number.isFinite(elapsedMs)) {
    problems.push({ where, message: `elapsed ${JSON.stringify(cells.elapsed)} is not a number of ms` });
    return undefined;
  }
  const success = cells.success?.trim().toLowerCase();
  if (success !== 'true' && success !== 'false') {
    problems.push({ where, message: `success ${JSON.stringify(cells.success)} is neither true nor false` });
    return undefined;
  }
  const code = cells.responseCode?.trim() ?? '';
  const status = /^\d{3}$/.test(code) ? Number(code) : undefined;
  const ok = success === 'true';
  const words = [cells.failureMessage, message].filter((w) => w && w.trim() !== '').join(': ');
  const connectMs = optionalMs(cells as Record<string, string>, 'Connect');
  const ttfbMs = optionalMs(cells as Record<string, string>, 'Latency');
  return {
    startMs,
    elapsedMs,
    label: cells.label?.trim() || 'default',
    ok,
    ...(status === undefined ? {} : { status }),
    ...(ok ? {} : { kind: failureKind(code, words), example: `${code} ${words}`.trim().slice(0, 300) }),
    ...(connectMs === undefined ? {} : { connectMs }),
    ...(ttfbMs === undefined || ttfbMs > elapsedMs ? {} : { ttfbMs }),
  };
}
