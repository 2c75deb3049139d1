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
}

const NEWLINE = 0x0a;

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
  let line = 0;
  const emit = (bytes: Buffer, terminated: boolean): FileLine => {
    line++;
    let b = bytes;
    if (line === 1 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) b = b.subarray(3);
    if (b[b.length - 1] === 0x0d) b = b.subarray(0, -1);
    try {
      return { line, text: strict.decode(b), utf8: true, terminated };
    } catch {
      return { line, text: lenient.decode(b), utf8: false, terminated };
    }
  };
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    let start = 0;
    for (let i = chunk.indexOf(NEWLINE); i !== -1; i = chunk.indexOf(NEWLINE, start)) {
      pending.push(chunk.subarray(start, i));
      yield emit(pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending), true);
      pending = [];
      start = i + 1;
    }
    if (start < chunk.length) pending.push(chunk.subarray(start));
  }
  if (pending.length > 0) yield emit(Buffer.concat(pending), false);
}
