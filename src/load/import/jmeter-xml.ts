import type { Problem } from '../../core/errors/index.js';
import { jmeterSample } from './jmeter-csv.js';
import type { ForeignSample } from './sample-table.js';
import { xmlTags } from './xml-tags.js';

/** JMeter's XML attributes under the names of its CSV columns. */
const CSV_NAMES: Readonly<Record<string, string>> = {
  t: 'elapsed',
  ts: 'timeStamp',
  s: 'success',
  lb: 'label',
  rc: 'responseCode',
  rm: 'responseMessage',
  lt: 'Latency',
  ct: 'Connect',
};

/**
 * Reads a JMeter XML results file (`jmeter.save.saveservice.output_format=xml`): the
 * `<httpSample>` and `<sample>` elements directly inside `<testResults>`. Those nested in a sample
 * are its sub-results (redirects, embedded resources), already in its time: not counted again. A
 * transaction controller's own sample is skipped and counted, as in the CSV.
 *
 * @example
 * ```ts
 * await readJmeterXml('results.xml', (s) => table.add(s), problems, 1 << 30)
 * ```
 */
export async function readJmeterXml(
  file: string,
  onSample: (sample: ForeignSample) => void,
  problems: Problem[],
  maxBytes: number,
): Promise<{ transactions: number }> {
  let depth = 0;
  let transactions = 0;
  let root: string | undefined;
  try {
    for await (const tag of xmlTags(file, maxBytes)) {
      if (problems.length >= 20) break;
      if (tag.type === 'close') {
        depth--;
        continue;
      }
      if (depth === 0 && !root) {
        root = tag.name;
        if (root !== 'testResults') {
          problems.push({ where: `${file}:${tag.line}`, message: `<${root}> is not JMeter's <testResults>` });
          return { transactions };
        }
      } else if (depth === 1 && (tag.name === 'httpSample' || tag.name === 'sample')) {
        const cells = Object.fromEntries(
          Object.entries(tag.attributes).map(([k, v]) => [CSV_NAMES[k] ?? k, v] as const),
        );
        const sample = jmeterSample(cells, `${file}:${tag.line}`, problems);
        if (sample === 'transaction') transactions++;
        else if (sample) onSample(sample);
      }
      if (tag.type === 'open') depth++;
    }
  } catch (err) {
    if (err instanceof SyntaxError) problems.push({ where: file, message: `not well-formed XML: ${err.message}` });
    else throw err;
  }
  if (!root) problems.push({ where: file, message: 'no <testResults> element: not a JMeter XML results file' });
  return { transactions };
}
