/** The most cookies one flow keeps: a browser keeps ~180 per domain; past it the oldest go. */
const MAX_COOKIES = 180;

/**
 * One user's cookies, for the steps of one flow against one origin: what `Set-Cookie` sets is
 * kept by name and sent back as one `Cookie` header. A load test speaks to one origin, so
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

  /** Keeps what each `Set-Cookie` line sets (or removes); a line without a name=value pair is ignored, as browsers do. */
  take(setCookies: readonly string[], nowMs = Date.now()): void {
    for (const line of setCookies) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      if (eq <= 0 || name === '') continue;
      const value = pair.slice(eq + 1).trim();
      this.cookies.delete(name);
      if (!expired(attributes, nowMs)) this.cookies.set(name, value);
      if (this.cookies.size > MAX_COOKIES) this.cookies.delete(this.cookies.keys().next().value as string);
    }
  }

  /** The `Cookie` header to send, or undefined with no cookie. */
  header(): string | undefined {
    if (this.cookies.size === 0) return undefined;
    let out = '';
    for (const [name, value] of this.cookies) out += `${out === '' ? '' : '; '}${name}=${value}`;
    return out;
  }
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
