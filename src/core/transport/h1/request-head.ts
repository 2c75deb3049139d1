import { breaksHead, breaksTarget, isToken } from '../header-rules.js';
import { type HttpRequest, InvalidRequestError } from '../transport.js';

/**
 * Serialises requests for one origin. The header block of a headers object is built once and
 * reused while the same object comes back (a plan's headers are one object for the whole run),
 * so the per-request cost is one string concatenation.
 *
 * @example
 * ```ts
 * const heads = new RequestHeads('127.0.0.1:8080')
 * heads.head({ method: 'GET', path: '/', headers: {} }, 0) // 'GET / HTTP/1.1\r\nhost: 127.0.0.1:8080\r\n\r\n'
 * ```
 */
export class RequestHeads {
  private lastHeaders: Readonly<Record<string, string>> | undefined;
  private lastBlock = '';

  constructor(private readonly host: string) {}

  /** The request line and headers, with `content-length` when `bodyBytes > 0` or the method carries a body. */
  head(request: HttpRequest, bodyBytes: number): string {
    if (breaksTarget(request.path) || request.path === '')
      throw new InvalidRequestError(
        `path ${JSON.stringify(request.path)}${request.path === '' ? '' : ' holds a space or a control byte: encode it (%20)'}`,
      );
    if (!isToken(request.method)) throw new InvalidRequestError(`method ${JSON.stringify(request.method)}`);
    const block = request.headers === this.lastHeaders ? this.lastBlock : this.block(request.headers);
    const length = request.body !== undefined ? `content-length: ${bodyBytes}\r\n` : '';
    return `${request.method} ${request.path} HTTP/1.1\r\n${block}${length}\r\n`;
  }

  private block(headers: Readonly<Record<string, string>>): string {
    let block = '';
    let hasHost = false;
    for (const [name, value] of Object.entries(headers)) {
      if (!isToken(name)) throw new InvalidRequestError(`header name ${JSON.stringify(name)}`);
      if (breaksHead(value))
        throw new InvalidRequestError(`header "${name}" holds a control byte (a line break, NUL, …)`);
      const lower = name.toLowerCase();
      // Framing is the client's to set, from the body it actually sends.
      if (lower === 'content-length' || lower === 'transfer-encoding') continue;
      if (lower === 'host') hasHost = true;
      block += `${name}: ${value}\r\n`;
    }
    if (!hasHost) block = `host: ${this.host}\r\n${block}`;
    this.lastHeaders = headers;
    this.lastBlock = block;
    return block;
  }
}
