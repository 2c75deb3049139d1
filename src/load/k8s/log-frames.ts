import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { InvalidInputError } from '../../core/errors/index.js';

const TAG = 'lptf-measure/1';
/** Characters of base64 per line: short enough for any log pipeline, few enough lines. */
const CHUNK = 4000;

/**
 * A segment's measure.json as log lines, for pods that share no volume: gzipped, base64, in
 * numbered lines `lptf-measure/1 <segment> <i>/<n> <sha256> <chunk>`, which
 * `lptf merge --logs` finds among any other lines (and kubectl's `--prefix`).
 *
 * @example
 * ```ts
 * for (const line of measureFrames('0', await readFile('results/segment-0/measure.json', 'utf8'))) console.log(line)
 * ```
 */
export function measureFrames(segment: string, json: string): string[] {
  const data = gzipSync(Buffer.from(json, 'utf8')).toString('base64');
  const sha = createHash('sha256').update(json, 'utf8').digest('hex').slice(0, 16);
  const parts = Math.max(1, Math.ceil(data.length / CHUNK));
  return Array.from(
    { length: parts },
    (_, i) => `${TAG} ${segment} ${i + 1}/${parts} ${sha} ${data.slice(i * CHUNK, (i + 1) * CHUNK)}`,
  );
}

/** What a merge of logs may hold at most: as many bytes of JSON as a measure.json read from a file. */
const MAX_JSON_BYTES = 256 * 1024 * 1024;

/**
 * The measure.json of every segment found in logs, checked whole (every part, the hash); a
 * segment printed twice (a pod that ran again) counts once, its last complete copy.
 *
 * @example
 * ```ts
 * const files = readFrames(await readFile('logs.txt', 'utf8'), 'logs.txt') // [{ where: 'logs.txt: segment 0', json: '{…}' }]
 * ```
 */
export function readFrames(text: string, source: string): { where: string; json: string }[] {
  const copies = new Map<string, { parts: number; sha: string; chunks: string[] }>();
  const done = new Map<string, string>();
  const problems: { where: string; message: string }[] = [];
  let lineNo = 0;
  for (const line of text.split('\n')) {
    lineNo++;
    const at = line.indexOf(`${TAG} `);
    if (at < 0) continue;
    const m = /^(\S+) (\d+)\/(\d+) ([0-9a-f]{16}) ([A-Za-z0-9+/=]*)\s*$/.exec(line.slice(at + TAG.length + 1));
    if (!m) {
      problems.push({ where: `${source}:${lineNo}`, message: 'a broken lptf-measure line' });
      continue;
    }
    const [, segment = '', i, n, sha = '', chunk = ''] = m;
    const part = Number(i);
    const parts = Number(n);
    let copy = copies.get(segment);
    if (part === 1 || !copy || copy.sha !== sha || copy.parts !== parts) {
      copy = { parts, sha, chunks: [] };
      copies.set(segment, copy);
    }
    if (part !== copy.chunks.length + 1) continue; // out of order: this copy is broken, a later one may be whole
    copy.chunks.push(chunk);
    if (copy.chunks.length !== copy.parts) continue;
    let json = '';
    try {
      json = gunzipSync(Buffer.from(copy.chunks.join(''), 'base64'), { maxOutputLength: MAX_JSON_BYTES }).toString();
    } catch (err) {
      problems.push({ where: `${source}:${lineNo}`, message: `segment ${segment}: ${(err as Error).message}` });
      copies.delete(segment);
      continue;
    }
    if (createHash('sha256').update(json, 'utf8').digest('hex').slice(0, 16) === sha) done.set(segment, json);
    else problems.push({ where: `${source}:${lineNo}`, message: `segment ${segment}: its lines do not add up (hash)` });
    copies.delete(segment);
  }
  for (const [segment, copy] of copies)
    if (!done.has(segment))
      problems.push({
        where: source,
        message: `segment ${segment}: ${copy.chunks.length} of ${copy.parts} lines (the log was cut: kubectl logs --tail=-1?)`,
      });
  if (problems.length > 0) throw new InvalidInputError(problems);
  if (done.size === 0)
    throw new InvalidInputError([{ where: source, message: `no ${TAG} lines: are these the logs of lptf k8s pods?` }]);
  return [...done].map(([segment, json]) => ({ where: `${source}: segment ${segment}`, json }));
}
