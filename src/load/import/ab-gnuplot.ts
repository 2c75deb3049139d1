import { readLines } from '../../core/cases/index.js';
import type { Problem } from '../../core/errors/index.js';
import type { ForeignSample } from './sample-table.js';

/** The header ab writes at the top of its `-g` file. */
export const AB_GNUPLOT_HEADER = /^starttime\tseconds\tctime\tdtime\tttime\twait\s*$/;

/**
 * Reads ab's `-g` file: one line a request, `starttime seconds ctime dtime ttime wait`, tab
 * separated, its start to the second (`seconds`, since the epoch) and its times in ms (`ctime` to
 * connect, `ttime` in all). ab logs no status per request: every line is counted as answered (ab's
 * own summary says how many failed), and the report says so.
 *
 * @example
 * ```ts
 * await readAbGnuplot('ab.tsv', (s) => table.add(s), problems, 1 << 30)
 * ```
 */
export async function readAbGnuplot(
  file: string,
  onSample: (sample: ForeignSample) => void,
  problems: Problem[],
  maxBytes: number,
): Promise<{ transactions: 0 }> {
  let header = false;
  for await (const { line, text } of readLines(file, { maxBytes })) {
    if (problems.length >= 20) break;
    const where = `${file}:${line}`;
    if (text.trim() === '') continue;
    if (!header) {
      if (!AB_GNUPLOT_HEADER.test(text)) {
        problems.push({
          where,
          message: 'not the header ab -g writes (starttime, seconds, ctime, dtime, ttime, wait)',
        });
        return { transactions: 0 };
      }
      header = true;
      continue;
    }
    const cells = text.split('\t');
    const [, seconds, ctime, , ttime] = cells;
    const numbers = [seconds, ctime, ttime].map((c) => (/^\d+$/.test(c?.trim() ?? '') ? Number(c) : Number.NaN));
    if (cells.length !== 6 || numbers.some((n) => !Number.isFinite(n))) {
      problems.push({
        where,
        message: 'not an ab -g line: a date, then 5 whole numbers (seconds, ctime, dtime, ttime, wait)',
      });
      continue;
    }
    const [startSec, connectMs, totalMs] = numbers as [number, number, number];
    onSample({ startMs: startSec * 1000, elapsedMs: totalMs, label: 'default', ok: true, connectMs });
  }
  if (!header) problems.push({ where: file, message: 'empty: no header line, no request' });
  // ab has no transactions of its own: the same answer as JMeter's readers.
  return { transactions: 0 };
}
