import { HttpParseError } from './http-parse-error.js';

/**
 * What a response's status line and header section say about the response and its framing.
 *
 * @example
 * ```ts
 * const head: ResponseHead = parseHead(Buffer.from('HTTP/1.1 204 No Content\r\n\r\n'), 0, 27, false)
 * head.status // 204
 * ```
 */
export interface ResponseHead {
  readonly status: number;
  /** The version: 10 for HTTP/1.0, 11 for HTTP/1.1. */
  readonly version: number;
  /** The Content-Length, or -1 if none was sent. */
  readonly contentLength: number;
  /** `Transfer-Encoding` ends in `chunked`. */
  readonly chunked: boolean;
  /** A `Transfer-Encoding` other than chunked: the body runs to the end of the connection. */
  readonly otherEncoding: boolean;
  /** `Connection: close`, or HTTP/1.0 without `Connection: keep-alive`. */
  readonly close: boolean;
  /** Every `Server-Timing` value, joined with `, `; undefined if none. */
  readonly serverTiming: string | undefined;
  /** The `Location` of a redirect (any answer that sends one); undefined if none. */
  readonly location: string | undefined;
  /** Every header as [lower-case name, value], only when asked for (tests, debugging). */
  readonly headers: Array<[string, string]> | undefined;
}

const CR = 13;
const LF = 10;
const SP = 32;
const HT = 9;
const COLON = 58;

/**
 * RFC 9110 `tchar`: 1 for each byte a header name may hold.
 *
 * @example
 * ```ts
 * TOKEN['a'.charCodeAt(0)] // 1
 * ```
 */
export const TOKEN = new Uint8Array(256);
for (const c of "!#$%&'*+-.^_`|~") TOKEN[c.charCodeAt(0)] = 1;
for (let c = 48; c <= 57; c++) TOKEN[c] = 1;
for (let c = 65; c <= 90; c++) TOKEN[c] = 1;
for (let c = 97; c <= 122; c++) TOKEN[c] = 1;

/**
 * 1 for each byte a header value may hold: visible ASCII, space, tab and obs-text; no other controls.
 *
 * @example
 * ```ts
 * VALUE[0] // 0: NUL is refused
 * ```
 */
export const VALUE = new Uint8Array(256);
VALUE[HT] = 1;
for (let c = 32; c <= 126; c++) VALUE[c] = 1;
for (let c = 128; c <= 255; c++) VALUE[c] = 1;

/** The versions Node's parser accepts in a response, as major × 10 + minor: 0.9, 1.0, 1.1 and 2.0 (framed as 1.1). */
const isKnownVersion = (v: number): boolean => v === 11 || v === 10 || v === 9 || v === 20;

const isDigit = (c: number | undefined): boolean => c !== undefined && c >= 48 && c <= 57;

/** Case-insensitive match of buf[from, from + name.length) against a lower-case ASCII name. */
function nameIs(buf: Uint8Array, from: number, len: number, name: string): boolean {
  if (len !== name.length) return false;
  for (let i = 0; i < len; i++) if (((buf[from + i] as number) | 0x20) !== name.charCodeAt(i)) return false;
  return true;
}

/** True if a comma-separated header value holds `token` (lower case) as one of its elements. */
function listHas(value: string, token: string): boolean {
  for (const part of value.split(',')) if (part.trim().toLowerCase() === token) return true;
  return false;
}

/**
 * The last element of a comma-separated list, lower-cased, with spaces (not tabs) trimmed:
 * Node does not take `chunked<TAB>` for chunked, and framing must agree with it exactly.
 */
function lastElement(value: string): string {
  const parts = value.split(',');
  return (parts[parts.length - 1] as string).replace(/^ +| +$/g, '').toLowerCase();
}

/**
 * Parses the status line and headers in `buf[from, end)`, where `end` is just past the blank
 * line that closes the head. Bytes are checked as strictly as Node's own parser checks them
 * (the differential test holds the two to the same answers), and any violation throws an
 * {@link HttpParseError}. Only the headers that decide framing are decoded, plus `Server-Timing`:
 * a load generator reads millions of heads and needs nothing else from them.
 *
 * @example
 * ```ts
 * const raw = Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n')
 * parseHead(raw, 0, raw.length, false).contentLength // 2
 * ```
 */
export function parseHead(buf: Uint8Array, from: number, end: number, keepHeaders: boolean): ResponseHead {
  // "HTTP/1.x SSS" then a space and a reason, or the end of the line.
  if (
    end - from < 14 ||
    buf[from] !== 72 ||
    buf[from + 1] !== 84 ||
    buf[from + 2] !== 84 ||
    buf[from + 3] !== 80 ||
    buf[from + 4] !== 47 ||
    !isDigit(buf[from + 5]) ||
    buf[from + 6] !== 46 ||
    !isDigit(buf[from + 7]) ||
    buf[from + 8] !== SP ||
    !isDigit(buf[from + 9]) ||
    !isDigit(buf[from + 10]) ||
    !isDigit(buf[from + 11])
  ) {
    throw new HttpParseError('invalid status line');
  }
  const version = ((buf[from + 5] as number) - 48) * 10 + ((buf[from + 7] as number) - 48);
  if (!isKnownVersion(version)) throw new HttpParseError('unsupported HTTP version');
  const status =
    ((buf[from + 9] as number) - 48) * 100 + ((buf[from + 10] as number) - 48) * 10 + ((buf[from + 11] as number) - 48);
  let i = from + 12;
  // The reason phrase is free text; like Node, only a line break ends it.
  if (buf[i] === SP) while (buf[i] !== CR && buf[i] !== LF) i++;
  i = lineEnd(buf, i);

  let contentLength = -1;
  let chunked = false;
  let otherEncoding = false;
  let close = version < 11;
  let serverTiming: string | undefined;
  let location: string | undefined;
  const headers: Array<[string, string]> | undefined = keepHeaders ? [] : undefined;
  const latin1 = Buffer.prototype.latin1Slice;
  while (buf[i] !== CR) {
    const nameStart = i;
    while (TOKEN[buf[i] as number] === 1) i++;
    if (i === nameStart || buf[i] !== COLON) throw new HttpParseError('invalid header name');
    const nameLen = i - nameStart;
    i++;
    while (buf[i] === SP || buf[i] === HT) i++;
    const valueStart = i;
    while (buf[i] !== CR && buf[i] !== LF) {
      if (VALUE[buf[i] as number] !== 1) throw new HttpParseError('invalid character in header value');
      i++;
    }
    let valueEnd = i;
    while (valueEnd > valueStart && (buf[valueEnd - 1] === SP || buf[valueEnd - 1] === HT)) valueEnd--;
    const rawEnd = i;
    i = lineEnd(buf, i);
    // A line that starts with white space would continue this value (obs-fold): refused, as Node does.
    if (buf[i] === SP || buf[i] === HT) throw new HttpParseError('folded header line');
    if (headers)
      headers.push([
        latin1.call(buf, nameStart, nameStart + nameLen).toLowerCase(),
        latin1.call(buf, valueStart, valueEnd),
      ]);
    if (nameLen === 14 && nameIs(buf, nameStart, nameLen, 'content-length')) {
      const n = parseLength(buf, valueStart, i - 2);
      if (contentLength !== -1 && contentLength !== n) throw new HttpParseError('conflicting Content-Length headers');
      if (contentLength !== -1) throw new HttpParseError('duplicate Content-Length header');
      contentLength = n;
    } else if (nameLen === 17 && nameIs(buf, nameStart, nameLen, 'transfer-encoding')) {
      // Only the last coding decides the framing: "gzip, chunked" is chunked.
      chunked = lastElement(latin1.call(buf, valueStart, rawEnd)) === 'chunked';
      otherEncoding = !chunked;
    } else if (nameLen === 10 && nameIs(buf, nameStart, nameLen, 'connection')) {
      // The usual single value is matched in place; a list is split (a profile showed the split
      // on every answer costing 8% of the closed loop's CPU).
      const len = valueEnd - valueStart;
      if (len === 10 && nameIs(buf, valueStart, len, 'keep-alive')) close = false;
      else if (len === 5 && nameIs(buf, valueStart, len, 'close')) close = true;
      else {
        const v = latin1.call(buf, valueStart, valueEnd);
        if (listHas(v, 'close')) close = true;
        else if (listHas(v, 'keep-alive')) close = false;
      }
    } else if (nameLen === 13 && nameIs(buf, nameStart, nameLen, 'server-timing')) {
      const v = latin1.call(buf, valueStart, valueEnd);
      serverTiming = serverTiming === undefined ? v : `${serverTiming}, ${v}`;
    } else if (nameLen === 8 && nameIs(buf, nameStart, nameLen, 'location')) {
      location = latin1.call(buf, valueStart, valueEnd);
    }
  }
  // The blank line must be the one the head was cut at: a stray CR inside the head is refused.
  if (i + 2 !== end) throw new HttpParseError('invalid line ending');
  if ((chunked || otherEncoding) && contentLength !== -1)
    throw new HttpParseError('both Content-Length and Transfer-Encoding');
  return { status, version, contentLength, chunked, otherEncoding, close, serverTiming, location, headers };
}

/** Skips a CRLF and returns the next line's start; a bare LF or CR is refused, as Node refuses it. */
function lineEnd(buf: Uint8Array, i: number): number {
  if (buf[i] === CR && buf[i + 1] === LF) return i + 2;
  throw new HttpParseError('invalid line ending');
}

/** A Content-Length value: decimal digits, then only spaces (a tab is refused, as Node refuses it); at most 2^53 - 1. */
function parseLength(buf: Uint8Array, from: number, to: number): number {
  while (to > from && buf[to - 1] === SP) to--;
  if (from === to) throw new HttpParseError('empty Content-Length');
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = buf[i] as number;
    if (c < 48 || c > 57) throw new HttpParseError('invalid Content-Length');
    n = n * 10 + (c - 48);
  }
  if (!Number.isSafeInteger(n)) throw new HttpParseError('Content-Length too large');
  return n;
}
