/** The most cookies one flow keeps: a browser keeps ~180 per domain; past it the oldest go. */
const MAX_COOKIES = 180;
/** The largest cookie kept (name and value): RFC 6265's 4096 bytes, what browsers keep; a larger one is ignored, as they do. */
export const MAX_COOKIE_BYTES = 4096;
/**
 * The largest `Cookie` header a flow sends: past it the oldest cookies go. Browsers cap only the
 * count (180 × 4 KB is 720 KB), but servers refuse far less (nginx's 8 KB a header line, Node's
 * 16 KB of headers), so a target that sets a 4 KB cookie per step made a 156 KB header by step 40
 * and measured its own 400s; this keeps a flow's header within what nginx takes.
 */
export const MAX_COOKIE_HEADER_BYTES = 8192;

/**
 * One user's cookies, for the steps of one flow against one origin: what `Set-Cookie` sets is
 * kept by name and sent back as one `Cookie` header, within {@link MAX_COOKIES} cookies of at most
 * {@link MAX_COOKIE_BYTES} each and {@link MAX_COOKIE_HEADER_BYTES} in all (the oldest go first).
 * A load test speaks to one origin, so
 * `Domain` and `Path` are not matched (every cookie goes with every step), and `Secure` and
 * `HttpOnly` change nothing a script sees; `Max-Age` of 0 or less, or an `Expires` in the past,
 * removes a cookie.
 *
 * @example
 * ```ts
 * const jar = new CookieJar()
 * jar.take(['sid=abc; Path=/; HttpOnly'])
 * jar.header() // 'sid=abc'
 * ```
 */
export class CookieJar {
  private readonly cookies = new Map<string, string>();
  /** Bytes of the header the cookies make, kept as they come and go. */
  private bytes = 0;

  /** Keeps what each `Set-Cookie` line sets (or removes); a line without a name=value pair is ignored, as browsers do. */
  take(setCookies: readonly string[], nowMs = Date.now()): void {
    for (const line of setCookies) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      if (eq <= 0 || name === '') continue;
      const value = pair.slice(eq + 1).trim();
      // Too large, it is refused whole, as a browser does: the cookie of that name it had stays.
      if (Buffer.byteLength(name) + Buffer.byteLength(value) > MAX_COOKIE_BYTES) continue;
      this.remove(name);
      if (expired(attributes, nowMs)) continue;
      this.cookies.set(name, value);
      this.bytes += size(name, value);
      while (this.cookies.size > MAX_COOKIES || this.bytes > MAX_COOKIE_HEADER_BYTES)
        this.remove(this.cookies.keys().next().value as string);
    }
  }

  private remove(name: string): void {
    const value = this.cookies.get(name);
    if (value === undefined) return;
    this.cookies.delete(name);
    this.bytes -= size(name, value);
  }

  /** The `Cookie` header to send, or undefined with no cookie. */
  header(): string | undefined {
    if (this.cookies.size === 0) return undefined;
    let out = '';
    for (const [name, value] of this.cookies) out += `${out === '' ? '' : '; '}${name}=${value}`;
    return out;
  }
}

/** What one cookie adds to the header: `name=value` and the `; ` before it. */
function size(name: string, value: string): number {
  return Buffer.byteLength(name) + Buffer.byteLength(value) + 3;
}

/** Whether a cookie's attributes remove it: `Max-Age` <= 0 (it wins over `Expires`), or an `Expires` already past. */
function expired(attributes: readonly string[], nowMs: number): boolean {
  let expires: number | undefined;
  for (const a of attributes) {
    const eq = a.indexOf('=');
    const key = (eq < 0 ? a : a.slice(0, eq)).trim().toLowerCase();
    const value = eq < 0 ? '' : a.slice(eq + 1).trim();
    if (key === 'max-age' && /^-?\d+$/.test(value)) return Number(value) <= 0;
    if (key === 'expires') {
      const t = Date.parse(value);
      if (!Number.isNaN(t)) expires = t;
    }
  }
  return expires !== undefined && expires <= nowMs;
}
