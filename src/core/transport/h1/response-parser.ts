import { BodyTooLargeError, ERROR_PREFIX_BYTES, MAX_KEPT_BODY_BYTES } from '../transport.js';
import { HttpParseError } from './http-parse-error.js';
import { parseHead, type ResponseHead, TOKEN, VALUE } from './parse-head.js';

/**
 * Node's default limit on a response head (`--max-http-header-size`), matched here.
 *
 * @example
 * ```ts
 * MAX_HEAD_BYTES // 16384: a longer head fails as bad_response
 * ```
 */
export const MAX_HEAD_BYTES = 16 * 1024;

enum State {
  Head,
  Length,
  UntilClose,
  ChunkSize,
  ChunkExtNameStart,
  ChunkExtName,
  ChunkExtValueStart,
  ChunkExtValue,
  ChunkExtQuoted,
  ChunkExtQuotedEscape,
  ChunkExtQuotedEnd,
  ChunkSizeLf,
  ChunkData,
  ChunkDataCr,
  ChunkDataLf,
  TrailerStart,
  TrailerName,
  TrailerValue,
  TrailerLineLf,
  TrailerEndLf,
  Done,
}

const CR = 13;
const LF = 10;

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20;
  if (l >= 97 && l <= 102) return l - 87;
  return -1;
}

/**
 * An incremental HTTP/1.1 response parser for one connection, one response at a time (no
 * pipelining). Feed it what the socket reads; it frames the body by `Content-Length`, chunked
 * encoding or the end of the connection, skips `1xx` interim responses, and knows that HEAD,
 * `204` and `304` answers have no body. It allocates nothing per response on the fast path:
 * the head is parsed in place unless a read splits it, and the body is counted, not kept,
 * unless `keepBody` is set.
 *
 * @example
 * ```ts
 * const p = new ResponseParser(false)
 * p.begin(false)
 * const raw = Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok')
 * p.execute(raw, 0, raw.length) // 41: all of it
 * p.done && p.head?.status // 200
 * ```
 */
export class ResponseParser {
  /** The final (non-1xx) head, once parsed. */
  head: ResponseHead | undefined;
  /** Body bytes after de-chunking. */
  bodyBytes = 0;
  /** The body, when `keepBody` is set. */
  body: Buffer[] | undefined;
  /** Without `keepBody`: the first bytes of an error answer's body (status 400 and up), for its failure example. */
  prefix: Buffer[] | undefined;
  private prefixBytes = 0;
  private state = State.Done;
  private isHead = false;
  private remaining = 0;
  private partial: Buffer | undefined;
  private trailerBytes = 0;

  constructor(
    private readonly keepBody: boolean,
    private readonly keepHeaders = false,
  ) {}

  /** True once the whole response has been read. */
  get done(): boolean {
    return this.state === State.Done;
  }

  /** True if the connection may carry another request after this response. */
  get reusable(): boolean {
    return this.state === State.Done && this.head !== undefined && !this.head.close && !this.head.otherEncoding;
  }

  /** Expects a new response; `isHead` if it answers a HEAD request (no body, whatever it says). */
  begin(isHead: boolean): void {
    this.state = State.Head;
    this.isHead = isHead;
    this.head = undefined;
    this.bodyBytes = 0;
    this.body = this.keepBody ? [] : undefined;
    this.prefix = undefined;
    this.prefixBytes = 0;
    this.partial = undefined;
    this.trailerBytes = 0;
  }

  /**
   * Parses `buf[from, to)`; returns how far it read. It stops at the end of the response, so a
   * return below `to` with `done` set means the server sent bytes nobody asked for.
   */
  execute(buf: Buffer, from: number, to: number): number {
    let i = from;
    while (i < to && this.state !== State.Done) {
      if (this.state === State.Head) i = this.readHead(buf, i, to);
      else if (this.state === State.Length || this.state === State.UntilClose || this.state === State.ChunkData)
        i = this.readBody(buf, i, to);
      else i = this.readChunkFraming(buf, i, to);
    }
    return i;
  }

  /** The connection ended: completes a body read to the end, or throws if the response is cut short. */
  finish(): void {
    if (this.state === State.UntilClose) this.state = State.Done;
    else if (this.state !== State.Done)
      throw new HttpParseError(
        this.state === State.Head && !this.partial
          ? 'connection closed before any response'
          : 'connection closed mid-response',
      );
  }

  private readHead(buf: Buffer, from: number, to: number): number {
    let src = buf;
    let start = from;
    let end: number;
    if (this.partial) {
      // The head was split across reads: search the joined bytes (rare; heads are small).
      const before = this.partial.length;
      src = Buffer.concat([this.partial, buf.subarray(from, to)]);
      start = 0;
      end = headEnd(src, Math.max(0, before - 3), src.length);
      if (end < 0) return this.keepPartial(src, to);
      this.partial = undefined;
      if (end > MAX_HEAD_BYTES) throw new HttpParseError('response head too large');
      const used = end - before;
      this.onHead(parseHead(src, 0, end, this.keepHeaders));
      return from + used;
    }
    // Like Node, blank lines before a status line are skipped.
    while (start < to && (buf[start] === CR || buf[start] === LF)) start++;
    if (start === to) return to;
    end = headEnd(src, start, to);
    if (end < 0) return this.keepPartial(Buffer.from(buf.subarray(start, to)), to);
    if (end - start > MAX_HEAD_BYTES) throw new HttpParseError('response head too large');
    this.onHead(parseHead(src, start, end, this.keepHeaders));
    return end;
  }

  private keepPartial(bytes: Buffer, to: number): number {
    if (bytes.length > MAX_HEAD_BYTES) throw new HttpParseError('response head too large');
    this.partial = bytes;
    return to;
  }

  private onHead(head: ResponseHead): void {
    if (head.status >= 100 && head.status < 200) {
      // 101 would switch protocols, which a request never asks for here.
      if (head.status === 101) throw new HttpParseError('unexpected 101 Switching Protocols');
      return; // interim (100 Continue, 103 Early Hints): the real response follows
    }
    this.head = head;
    // An error answer's first bytes say why it failed; OK answers are only counted (no copy, no allocation).
    if (!this.keepBody && head.status >= 400) this.prefix = [];
    if (this.isHead || head.status === 204 || head.status === 304) this.state = State.Done;
    else if (head.chunked) this.state = State.ChunkSize;
    else if (head.contentLength >= 0) {
      this.remaining = head.contentLength;
      this.state = head.contentLength === 0 ? State.Done : State.Length;
    } else this.state = State.UntilClose;
    this.remaining = head.chunked ? 0 : this.remaining;
  }

  private readBody(buf: Buffer, from: number, to: number): number {
    const n = this.state === State.UntilClose ? to - from : Math.min(this.remaining, to - from);
    this.bodyBytes += n;
    // Copied: the socket reuses its read buffer.
    if (this.body && n > 0) {
      if (this.bodyBytes > MAX_KEPT_BODY_BYTES) throw new BodyTooLargeError();
      this.body.push(Buffer.from(buf.subarray(from, from + n)));
    } else if (this.prefix && n > 0 && this.prefixBytes < ERROR_PREFIX_BYTES) {
      const take = Math.min(n, ERROR_PREFIX_BYTES - this.prefixBytes);
      this.prefix.push(Buffer.from(buf.subarray(from, from + take)));
      this.prefixBytes += take;
    }
    if (this.state !== State.UntilClose) {
      this.remaining -= n;
      if (this.remaining === 0) this.state = this.state === State.Length ? State.Done : State.ChunkDataCr;
    }
    return from + n;
  }

  private readChunkFraming(buf: Buffer, from: number, to: number): number {
    let i = from;
    for (; i < to && this.state !== State.ChunkData && this.state !== State.Done; i++) {
      const c = buf[i] as number;
      if (this.state >= State.TrailerStart && ++this.trailerBytes > MAX_HEAD_BYTES)
        throw new HttpParseError('trailers too large');
      switch (this.state) {
        case State.ChunkSize: {
          const h = hexValue(c);
          if (h >= 0) {
            this.remaining = this.remaining * 16 + h;
            this.trailerBytes++;
            if (this.remaining > Number.MAX_SAFE_INTEGER) throw new HttpParseError('chunk size too large');
          } else if (this.trailerBytes === 0) throw new HttpParseError('invalid chunk size');
          else if (c === 59 /* ; */) this.state = State.ChunkExtNameStart;
          else if (c === CR) this.state = State.ChunkSizeLf;
          else throw new HttpParseError('invalid chunk size');
          break;
        }
        // Extensions (`;name`, `;name=token`, `;name="quoted"`) are checked as Node checks them, then ignored.
        case State.ChunkExtNameStart:
          if (c === 61 /* = */)
            this.state = State.ChunkExtValueStart; // `;=`, which Node accepts
          else if (TOKEN[c] === 1) this.state = State.ChunkExtName;
          else throw new HttpParseError('invalid chunk extension');
          break;
        case State.ChunkExtName:
          if (c === 61 /* = */) this.state = State.ChunkExtValueStart;
          else if (c === 59 /* ; */) this.state = State.ChunkExtNameStart;
          else if (c === CR) this.state = State.ChunkSizeLf;
          else if (TOKEN[c] !== 1) throw new HttpParseError('invalid chunk extension');
          break;
        case State.ChunkExtValueStart:
          if (c === 34 /* " */) this.state = State.ChunkExtQuoted;
          else if (TOKEN[c] === 1) this.state = State.ChunkExtValue;
          else if (c === CR)
            this.state = State.ChunkSizeLf; // an empty value, which Node accepts
          else throw new HttpParseError('invalid chunk extension');
          break;
        case State.ChunkExtValue:
          if (c === 59) this.state = State.ChunkExtNameStart;
          else if (c === CR) this.state = State.ChunkSizeLf;
          else if (TOKEN[c] !== 1) throw new HttpParseError('invalid chunk extension');
          break;
        case State.ChunkExtQuoted:
          if (c === 34) this.state = State.ChunkExtQuotedEnd;
          else if (c === 92 /* \\ */) this.state = State.ChunkExtQuotedEscape;
          else if (VALUE[c] !== 1) throw new HttpParseError('invalid chunk extension');
          break;
        case State.ChunkExtQuotedEscape:
          if (VALUE[c] !== 1) throw new HttpParseError('invalid chunk extension');
          this.state = State.ChunkExtQuoted;
          break;
        case State.ChunkExtQuotedEnd:
          if (c === 59) this.state = State.ChunkExtNameStart;
          else if (c === CR) this.state = State.ChunkSizeLf;
          else throw new HttpParseError('invalid chunk extension');
          break;
        case State.ChunkSizeLf:
          if (c !== LF) throw new HttpParseError('invalid chunk size line');
          this.trailerBytes = 0;
          this.state = this.remaining === 0 ? State.TrailerStart : State.ChunkData;
          break;
        case State.ChunkDataCr:
          if (c !== CR) throw new HttpParseError('chunk data longer than its size');
          this.state = State.ChunkDataLf;
          break;
        case State.ChunkDataLf:
          if (c !== LF) throw new HttpParseError('chunk data longer than its size');
          this.state = State.ChunkSize;
          break;
        // Trailers are header lines (name, colon, value); counted against the head limit.
        case State.TrailerStart:
          if (c === CR) this.state = State.TrailerEndLf;
          else if (TOKEN[c] === 1) this.state = State.TrailerName;
          else throw new HttpParseError('invalid trailer name');
          break;
        case State.TrailerName:
          if (c === 58 /* : */) this.state = State.TrailerValue;
          else if (TOKEN[c] !== 1) throw new HttpParseError('invalid trailer name');
          break;
        case State.TrailerValue:
          if (c === CR) this.state = State.TrailerLineLf;
          else if (VALUE[c] !== 1) throw new HttpParseError('invalid character in trailer');
          break;
        case State.TrailerLineLf:
          if (c !== LF) throw new HttpParseError('invalid line ending in trailers');
          this.state = State.TrailerStart;
          break;
        case State.TrailerEndLf:
          if (c !== LF) throw new HttpParseError('invalid end of trailers');
          this.state = State.Done;
          break;
      }
    }
    return i;
  }
}

/** Index just past the blank line that ends a head in `buf[from, to)`, or -1. */
function headEnd(buf: Buffer, from: number, to: number): number {
  const at = buf.indexOf('\r\n\r\n', from, 'latin1');
  if (at >= 0 && at + 4 <= to) return at + 4;
  return -1;
}
