import { createHash } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import { gunzipSync, gzipSync } from 'node:zlib';
import { InvalidInputError, type Problem } from '../../core/errors/index.js';
import { ReadBudget } from '../../output/index.js';

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

/** The longest line of a log kept: a frame's line, with kubectl's prefix, is about 4,100 characters. */
const MAX_LINE = 64 * 1024;

/** The problems a broken log is refused with: the first ones, then how many more (a log of a million broken lines made a million). */
const MAX_PROBLEMS = 20;

/**
 * Finds the measure.json of every segment in logs, line by line (a log is never held whole: a pod's
 * log may be far larger than what it carries), each checked whole (every part, the hash); a
 * segment printed twice (a pod that ran again) counts once, its last complete copy. What the
 * copies hold, compressed as they come and decompressed, is taken from one {@link ReadBudget}.
 *
 * @example
 * ```ts
 * const frames = new FrameReader('logs.txt')
 * for await (const line of lines) frames.line(line)
 * frames.found() // [{ where: 'logs.txt: segment 0', json: '{…}' }]
 * ```
 */
export class FrameReader {
  private readonly copies = new Map<string, { parts: number; sha: string; chunks: string[] }>();
  private readonly done = new Map<string, string>();
  private readonly problems: Problem[] = [];
  private more = 0;
  private lineNo = 0;

  constructor(
    private readonly source: string,
    private readonly budget = new ReadBudget(),
  ) {}

  /**
   * Reads a whole log (a file's stream, stdin) line by line. A line is kept to its first
   * {@link MAX_LINE} characters (a frame's is about 4,100): a log of one endless line costs no
   * more than that.
   */
  async read(input: AsyncIterable<Buffer | string>): Promise<void> {
    const decoder = new StringDecoder('utf8');
    let line = '';
    let long = false;
    const add = (part: string): void => {
      const room = MAX_LINE - line.length;
      if (part.length > room) long = true;
      line += part.slice(0, Math.max(0, room));
    };
    const end = (): void => {
      if (!long) this.line(line);
      else if (line.includes(`${TAG} `))
        this.problem(`${this.source}:${++this.lineNo}`, `an lptf-measure line longer than ${MAX_LINE} characters`);
      else this.lineNo++;
      line = '';
      long = false;
    };
    for await (const chunk of input) {
      const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
      let from = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
        add(text.slice(from, nl));
        end();
        from = nl + 1;
      }
      add(text.slice(from));
    }
    if (line !== '' || long) end();
  }

  /** One line of the log. */
  line(line: string): void {
    this.lineNo++;
    const at = line.indexOf(`${TAG} `);
    if (at < 0) return;
    const where = `${this.source}:${this.lineNo}`;
    const m = /^(\S+) (\d+)\/(\d+) ([0-9a-f]{16}) ([A-Za-z0-9+/=]*)\s*$/.exec(line.slice(at + TAG.length + 1));
    if (!m) {
      this.problem(where, 'a broken lptf-measure line');
      return;
    }
    const [, segment = '', i, n, sha = '', chunk = ''] = m;
    const part = Number(i);
    const parts = Number(n);
    let copy = this.copies.get(segment);
    if (part === 1 || !copy || copy.sha !== sha || copy.parts !== parts) {
      copy = { parts, sha, chunks: [] };
      this.copies.set(segment, copy);
    }
    if (part !== copy.chunks.length + 1) return; // out of order: this copy is broken, a later one may be whole
    this.budget.take(chunk.length, where);
    copy.chunks.push(chunk);
    if (copy.chunks.length !== copy.parts) return;
    this.copies.delete(segment);
    let json = '';
    try {
      json = gunzipSync(Buffer.from(copy.chunks.join(''), 'base64'), {
        maxOutputLength: Math.max(1, this.budget.remaining),
      }).toString();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
        throw this.budget.passed(where, `segment ${segment}: what it decompresses to`);
      this.problem(where, `segment ${segment}: ${(err as Error).message}`);
      return;
    }
    this.budget.take(Buffer.byteLength(json), `${where}: segment ${segment}`);
    if (createHash('sha256').update(json, 'utf8').digest('hex').slice(0, 16) === sha) this.done.set(segment, json);
    else this.problem(where, `segment ${segment}: its lines do not add up (hash)`);
  }

  /** Every segment found whole; throws with what is wrong if a copy was broken or cut, or none was found. */
  found(): { where: string; json: string }[] {
    for (const [segment, copy] of this.copies)
      if (!this.done.has(segment))
        this.problem(
          this.source,
          `segment ${segment}: ${copy.chunks.length} of ${copy.parts} lines (the log was cut: kubectl logs --tail=-1?)`,
        );
    if (this.more > 0) this.problems.push({ where: this.source, message: `and ${this.more} more problems` });
    if (this.problems.length > 0) throw new InvalidInputError(this.problems);
    if (this.done.size === 0)
      throw new InvalidInputError([
        { where: this.source, message: `no ${TAG} lines: are these the logs of lptf k8s pods?` },
      ]);
    return [...this.done].map(([segment, json]) => ({ where: `${this.source}: segment ${segment}`, json }));
  }

  private problem(where: string, message: string): void {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push({ where, message });
    else this.more++;
  }
}

/**
 * The measure.json of every segment found in a log's text (see {@link FrameReader}).
 *
 * @example
 * ```ts
 * const files = readFrames(await readFile('logs.txt', 'utf8'), 'logs.txt') // [{ where: 'logs.txt: segment 0', json: '{…}' }]
 * ```
 */
export function readFrames(text: string, source: string): { where: string; json: string }[] {
  const reader = new FrameReader(source);
  for (const line of text.split('\n')) reader.line(line);
  return reader.found();
}
