import { open } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseCheck, shareBounds } from '../../core/checks/index.js';
import { InvalidInputError, type Problem } from '../../core/errors/index.js';
import { TOOL } from '../../core/version.js';
import { MAX_SECONDS } from '../fields/plan-bounds.js';
import { buildResult, type ResultPlan, type RunResult, type Said } from '../result/index.js';
import { AB_GNUPLOT_HEADER, readAbGnuplot } from './ab-gnuplot.js';
import { IMPORT_CHECKS } from './import-checks.js';
import { readJmeterCsv } from './jmeter-csv.js';
import { readJmeterXml } from './jmeter-xml.js';
import { recordSamples } from './record-samples.js';
import { MAX_LABELS, MAX_SAMPLES, OTHER_LABELS, SampleTable } from './sample-table.js';

/** The formats lptf reads another tool's results from. */
export type ForeignFormat = 'jmeter-csv' | 'jmeter-xml' | 'ab-gnuplot';

/** What a file of another tool is: read from its first bytes (a JTL may be named anything). */
export async function foreignFormat(file: string): Promise<ForeignFormat | 'ab-percentiles' | undefined> {
  let head: string;
  try {
    const handle = await open(file, 'r');
    try {
      if (!(await handle.stat()).isFile()) return undefined;
      const { buffer, bytesRead } = await handle.read({ buffer: Buffer.alloc(4096), position: 0 });
      head = buffer
        .subarray(0, bytesRead)
        .toString('utf8')
        .replace(/^\uFEFF/, '');
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
  if (/^"?timeStamp"?[,\t;|]/.test(head)) return 'jmeter-csv';
  if (/^\s*(<\?xml[^>]*>\s*)?<testResults[\s>]/.test(head)) return 'jmeter-xml';
  if (AB_GNUPLOT_HEADER.test(head.split('\n')[0] ?? '')) return 'ab-gnuplot';
  if (/^Percentage served,Time in ms/.test(head)) return 'ab-percentiles';
  return undefined;
}

/** The largest file lptf imports: 4 GiB (read as a stream; what is kept is ~30 bytes a request). */
const MAX_IMPORT_BYTES = 4 * 1024 ** 3;

const TOOLS: Readonly<Record<ForeignFormat, string>> = {
  'jmeter-csv': 'JMeter',
  'jmeter-xml': 'JMeter',
  'ab-gnuplot': 'ab',
};

/**
 * Another tool's results as a run of lptf's: JMeter's CSV or XML results (`.jtl`) or ab's `-g`
 * file, every request counted as lptf counts its own, so every report, check, comparison and the
 * widget pack work on it. What the file cannot say is said: those tools time each request from
 * its actual send, so a stalled server's backlog is hidden (coordinated omission), and their
 * threads wait for each answer: the run is stated as the closed loop it was, its concurrency the
 * most requests the file shows in flight at once. Undefined for a file of no known format.
 *
 * @example
 * ```ts
 * const result = await importRun('results.jtl', { lang: 'en', command: 'lptf report results.jtl' })
 * ```
 */
export async function importRun(
  file: string,
  options: { readonly checks?: readonly string[]; readonly lang: 'zh' | 'en'; readonly command: string },
): Promise<RunResult | undefined> {
  const format = await foreignFormat(file);
  if (!format) return undefined;
  if (format === 'ab-percentiles')
    throw new InvalidInputError([
      {
        where: file,
        message:
          "ab's -e file holds only its percentiles: no count, no time, no failure. Give lptf ab's -g file (one line a request): ab -g requests.tsv …",
      },
    ]);
  const problems: Problem[] = [];
  const checks = (options.checks ?? IMPORT_CHECKS).flatMap((text) => {
    try {
      return [parseCheck(text)];
    } catch (err) {
      problems.push({ where: `--check ${JSON.stringify(text)}`, message: (err as Error).message });
      return [];
    }
  });
  const table = new SampleTable();
  const add = (sample: Parameters<SampleTable['add']>[0]): void => {
    if (table.size < MAX_SAMPLES) table.add(sample);
    else if (table.size === MAX_SAMPLES && problems.length === 0)
      problems.push({ where: file, message: `more than ${MAX_SAMPLES.toLocaleString('en-US')} requests` });
  };
  const read =
    format === 'jmeter-csv'
      ? await readJmeterCsv(file, add, problems, MAX_IMPORT_BYTES)
      : format === 'jmeter-xml'
        ? await readJmeterXml(file, add, problems, MAX_IMPORT_BYTES)
        : await readAbGnuplot(file, add, problems, MAX_IMPORT_BYTES);
  if (problems.length === 0 && table.size === 0) problems.push({ where: file, message: 'holds no request' });
  // What a run may span, an import may span: its seconds are kept one by one (a file with one
  // request in 1970 and one today would make 1.8 billion of them).
  const span = table.spanMs();
  if (problems.length === 0 && span > MAX_SECONDS * 1000)
    problems.push({
      where: file,
      message: `its requests span ${Math.round(span / 3_600_000)} h, from the first start to the last end: at most ${Math.floor(MAX_SECONDS / 3600)} h, what a run of lptf may span`,
    });
  if (problems.length > 0) throw new InvalidInputError(problems);
  if (format === 'ab-gnuplot') table.spreadWholeSeconds();
  const checkBounds = shareBounds(checks);
  const { recorder, timing, peakInFlight } = recordSamples(
    table,
    checkBounds,
    checkBounds.length > 0 ? Math.min(...checkBounds) : null,
  );
  const tool = TOOLS[format];
  const plan: ResultPlan = {
    url: pathToFileURL(resolve(file)).href,
    method: tool,
    rate: 0,
    connections: Math.max(1, peakInFlight),
    durationMs: timing.scheduleMs,
    maxInflight: Math.max(1, peakInFlight),
    queueCapacity: 0,
    timeoutMs: 0,
    okStatus: '',
    protocol: { name: 'http' },
    seed: 0,
    lang: options.lang,
    checks,
    info: [],
  };
  const built = buildResult({
    plan,
    caseGroups: [],
    recorder,
    timing,
    usage: { cpuUserMs: 0, cpuSystemMs: 0, maxRssMB: 0, eventLoopDelayMs: { p50: 0, p99: 0, max: 0 } },
    warnings: [],
    tool: TOOL,
    command: options.command,
  });
  // The closed-loop note speaks of lptf's own --connections; an import's says what its tool did.
  const closedLoop = built.notes.findIndex((n) => n.en.startsWith('Closed loop:'));
  const notes = [...built.notes];
  notes.splice(
    closedLoop === -1 ? 0 : closedLoop,
    closedLoop === -1 ? 0 : 1,
    ...importNotes(tool, file, format, read.transactions, table),
  );
  return { ...built, imported: { tool, file: basename(file), selfTest: !options.checks }, notes };
}

/** What a reader of an imported run must know: how its tool timed, and what lptf left out. */
function importNotes(
  tool: string,
  file: string,
  format: ForeignFormat,
  transactions: number,
  table: SampleTable,
): Said[] {
  const name = basename(file);
  const notes: Said[] = [
    {
      en: `Imported from ${tool}'s results (${name}): ${tool} times each request from its actual send, and each of its threads waits for an answer before it sends again, so a stalled server's backlog is hidden (coordinated omission): these latencies can only understate what users saw; lptf run times each request from its intended send.`,
      zh: `导入自 ${tool} 的结果文件（${name}）：${tool} 从请求实际发出时计时，且每个线程等到应答后才发下一个请求，服务卡顿时积压的请求不计入耗时（协调遗漏）：这些耗时只会低估用户实际看到的耗时；lptf run 从计划发送时刻计时。`,
    },
  ];
  if (transactions > 0)
    notes.push({
      en: `${transactions} transaction controller ${transactions === 1 ? 'sample was' : 'samples were'} left out: each sums samplers that have their own lines, which are counted.`,
      zh: `略去了 ${transactions} 个事务控制器样本：它们是所含取样器的合计，而这些取样器各有自己的记录，已计入。`,
    });
  if (table.otherLabels.size > 0)
    notes.push({
      en: `The file names more than ${MAX_LABELS} labels: past the first ${MAX_LABELS - 1}, ${table.otherLabels.size} labels are counted together as "${OTHER_LABELS}".`,
      zh: `文件中的标签超过 ${MAX_LABELS} 个：前 ${MAX_LABELS - 1} 个之外的 ${table.otherLabels.size} 个标签合并计为 "${OTHER_LABELS}"。`,
    });
  if (format === 'ab-gnuplot')
    notes.push({
      en: "ab's -g file logs no status and each start only to the second: every request in it is counted as answered (ab's own summary says how many failed), and each second's starts are spread evenly over it, so the connections stated are an estimate.",
      zh: 'ab 的 -g 文件不记录状态码，开始时间只精确到秒：其中每个请求都按已应答计（失败数见 ab 自己的汇总），同一秒内的开始时间在这一秒内均匀铺开，因此所列连接数是估计值。',
    });
  return notes;
}
