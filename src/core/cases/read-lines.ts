import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';

/**
 * One line of a file, as read by {@link readLines}.
 *
 * @example
 * ```ts
 * const l: FileLine = { line: 3, text: '{"type": 1}', utf8: true, terminated: true, bytes: 12 }
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
  /** What it took of the file: its bytes and its line end (a line too long to keep, too). */
  readonly bytes: number;
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
 * The most lptf keeps of the files one run reads whole (its case files, a data feeder): 256 MiB.
 * Every line may be within {@link MAX_LINE_BYTES} and the count within the cases' bound while the
 * total fills memory (1,500 lines of 1 MB each took V8 to 4.2 GB and down): a file that large is a
 * mistake, or a source to sample (`lptf cases sample`), not a plan's input.
 */
export const MAX_INPUT_BYTES = 256 << 20;

/**
 * A file (or all of a run's files together) holds more than a bound allows.
 *
 * @example
 * ```ts
 * throw new FileTooLargeError(MAX_INPUT_BYTES)
 * ```
 */
export class FileTooLargeError extends Error {
  readonly code = 'LPTF_FILE_TOO_LARGE';
  constructor(readonly maxBytes: number) {
    super(
      `more than ${Math.round(maxBytes / (1 << 20))} MiB, more than lptf keeps of a run's inputs: use a smaller file (lptf cases sample takes a share of one)`,
    );
    this.name = 'FileTooLargeError';
  }
}

/**
 * A path that is no file to read lines from: a device (`/dev/zero` never ends) or a socket. A
 * regular file and a pipe (`-c <(gen-cases)`) are read.
 *
 * @example
 * ```ts
 * throw new NotAFileError()
 * ```
 */
export class NotAFileError extends Error {
  readonly code = 'LPTF_NOT_A_FILE';
  constructor() {
    super('is a device or a socket, not a file');
    this.name = 'NotAFileError';
  }
}

/**
 * Streams a file's lines in constant memory (one line at a time, whatever the file's size), with
 * what a checker needs that `readline` hides: whether each line is valid UTF-8, and whether the
 * last one was cut off. A UTF-8 BOM is dropped; CRLF and LF both end a line. A device is refused
 * ({@link NotAFileError}); past `maxBytes` the read stops with a {@link FileTooLargeError}.
 *
 * @example
 * ```ts
 * for await (const { line, text, utf8 } of readLines('cases.jsonl')) console.log(line, text, utf8)
 * ```
 */
export async function* readLines(path: string, bound: { readonly maxBytes?: number } = {}): AsyncGenerator<FileLine> {
  const info = await stat(path);
  if (info.isCharacterDevice() || info.isBlockDevice() || info.isSocket()) throw new NotAFileError();
  const maxBytes = bound.maxBytes ?? Number.POSITIVE_INFINITY;
  // Known before a byte is read for a file; counted as read for a pipe.
  if (info.isFile() && info.size > maxBytes) throw new FileTooLargeError(maxBytes);
  let read = 0;
  const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const lenient = new TextDecoder('utf-8', { ignoreBOM: true });
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let line = 0;
  const emit = (bytes: Buffer, terminated: boolean): FileLine => {
    line++;
    const size = pendingBytes + (terminated ? 1 : 0);
    if (pendingBytes > MAX_LINE_BYTES) return { line, text: '', utf8: true, terminated, bytes: size, tooLong: true };
    let b = bytes;
    if (line === 1 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) b = b.subarray(3);
    if (b[b.length - 1] === 0x0d) b = b.subarray(0, -1);
    try {
      return { line, text: strict.decode(b), utf8: true, terminated, bytes: size };
    } catch {
      return { line, text: lenient.decode(b), utf8: false, terminated, bytes: size };
    }
  };
  // Past the bound a line's bytes are counted, not kept: memory stays bounded whatever the file.
  const keep = (bytes: Buffer): void => {
    pendingBytes += bytes.length;
    if (pendingBytes <= MAX_LINE_BYTES) pending.push(bytes);
    else pending = [];
  };
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    read += chunk.length;
    if (read > maxBytes) throw new FileTooLargeError(maxBytes);
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
