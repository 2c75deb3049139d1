import { createReadStream } from 'node:fs';

/**
 * One line of a file, as read by {@link readLines}.
 *
 * @example
 * ```ts
 * const l: FileLine = { line: 3, text: '{"type": 1}', utf8: true, terminated: true }
 * ```
 */
export interface FileLine {
  /** 1-based line number. */
  readonly line: number;
  /** The text, without its line end (LF or CRLF) and without a leading BOM. */
  readonly text: string;
  /** False if the line's bytes are not valid UTF-8 (then `text` holds U+FFFD for them). */
  readonly utf8: boolean;
  /** False for a last line with no line end (possibly truncated). */
  readonly terminated: boolean;
  /** True if the line was longer than {@link MAX_LINE_BYTES}: `text` is then empty, its bytes skipped. */
  readonly tooLong?: boolean;
}

const NEWLINE = 0x0a;

/**
 * The longest line lptf reads from a data file: 1 MiB. A case is one request body; a longer line
 * is a mistake (a file with no line ends, a binary file) and must not be held whole in memory.
 */
export const MAX_LINE_BYTES = 1 << 20;

/**
 * Streams a file's lines in constant memory (one line at a time, whatever the file's size), with
 * what a checker needs that `readline` hides: whether each line is valid UTF-8, and whether the
 * last one was cut off. A UTF-8 BOM is dropped; CRLF and LF both end a line.
 *
 * @example
 * ```ts
 * for await (const { line, text, utf8 } of readLines('cases.jsonl')) console.log(line, text, utf8)
 * ```
 */
export async function* readLines(path: string): AsyncGenerator<FileLine> {
  const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const lenient = new TextDecoder('utf-8', { ignoreBOM: true });
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let line = 0;
  const emit = (bytes: Buffer, terminated: boolean): FileLine => {
    line++;
    if (pendingBytes > MAX_LINE_BYTES) return { line, text: '', utf8: true, terminated, tooLong: true };
    let b = bytes;
    if (line === 1 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) b = b.subarray(3);
    if (b[b.length - 1] === 0x0d) b = b.subarray(0, -1);
    try {
      return { line, text: strict.decode(b), utf8: true, terminated };
    } catch {
      return { line, text: lenient.decode(b), utf8: false, terminated };
    }
  };
  // Past the bound a line's bytes are counted, not kept: memory stays bounded whatever the file.
  const keep = (bytes: Buffer): void => {
    pendingBytes += bytes.length;
    if (pendingBytes <= MAX_LINE_BYTES) pending.push(bytes);
    else pending = [];
  };
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    let start = 0;
    for (let i = chunk.indexOf(NEWLINE); i !== -1; i = chunk.indexOf(NEWLINE, start)) {
      keep(chunk.subarray(start, i));
      yield emit(pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending), true);
      pending = [];
      pendingBytes = 0;
      start = i + 1;
    }
    if (start < chunk.length) keep(chunk.subarray(start));
  }
  if (pending.length > 0 || pendingBytes > 0) yield emit(Buffer.concat(pending), false);
}
