import type { WidgetCredentials } from './credentials.js';
import { decryptMessage, sign, signaturesMatch } from './crypto.js';
import type { WidgetWire } from './request-builder.js';
import { WidgetProtocolError } from './widget-error.js';
import { fromXml } from './xml.js';

/**
 * What a verified reply said.
 *
 * @example
 * ```ts
 * const r: WidgetReply = { errCode: 0, warnings: [], data: { err_code: 0, err_msg: 'ok' }, wrapper: {} }
 * ```
 */
export interface WidgetReply {
  readonly errCode: number;
  /** What was tolerated: `data` sent as an object (the guide says a JSON string), an `err_code` sent as a string. */
  readonly warnings: readonly string[];
  readonly data: Readonly<Record<string, unknown>>;
  /** The decrypted wrapper, for the probe. */
  readonly wrapper: Readonly<Record<string, unknown>>;
}

const bad = (message: string): WidgetProtocolError => new WidgetProtocolError('bad_reply', message);

/** Parses a JSON or flat XML message into its fields. */
function parseMessage(text: string, what: string): Record<string, unknown> {
  const t = text.trim();
  if (t === '') throw bad(`${what} is empty`);
  if (t.startsWith('{')) {
    try {
      return JSON.parse(t) as Record<string, unknown>;
    } catch {
      throw bad(`${what} is not valid JSON: ${t.slice(0, 60)}`);
    }
  }
  const xml = fromXml(t);
  if (xml) return xml;
  throw bad(`${what} is neither JSON nor XML: ${t.slice(0, 60).replace(/\s+/g, ' ')}`);
}

/**
 * Checks a widget backend's reply the way WeChat reads it: parse the JSON or XML body, verify
 * `MsgSignature` (constant time), decrypt `Encrypt` (checking padding, length and AppID), parse
 * `Content`, then its `data` (a JSON string, or an object, tolerated), and read `err_code`.
 * In plain mode the body is the wrapper itself. Throws a {@link WidgetProtocolError} naming
 * what is wrong.
 *
 * @example
 * ```ts
 * checkWidgetReply(response.body, creds, { plain: false, format: 'json' }).errCode // 0
 * ```
 */
export function checkWidgetReply(body: Buffer | undefined, creds: WidgetCredentials, wire: WidgetWire): WidgetReply {
  const outer = parseMessage(body?.toString('utf8') ?? '', 'the reply body');
  let wrapper = outer;
  if (!wire.plain) {
    const { Encrypt, MsgSignature, TimeStamp, Nonce } = outer as Record<string, unknown>;
    if (typeof Encrypt !== 'string' || typeof MsgSignature !== 'string')
      throw bad('the reply has no Encrypt or MsgSignature');
    const expected = sign([creds.token, String(TimeStamp ?? ''), String(Nonce ?? ''), Encrypt]);
    // A hex digest in capitals is the same digest.
    if (!signaturesMatch(expected, MsgSignature.toLowerCase()))
      throw new WidgetProtocolError('bad_signature', 'MsgSignature does not match the reply');
    wrapper = parseMessage(decryptMessage(Encrypt, creds.key, creds.appId), 'the decrypted reply');
  }
  if (typeof wrapper['Content'] !== 'string') throw bad('the reply has no Content string');
  let inner: Record<string, unknown>;
  try {
    inner = JSON.parse(wrapper['Content']) as Record<string, unknown>;
  } catch {
    throw bad(`Content is not JSON: ${wrapper['Content'].slice(0, 60)}`);
  }
  let data: unknown = inner?.['data'];
  const warnings: string[] = [];
  if (data !== null && typeof data === 'object') warnings.push('data sent as an object, not a JSON string');
  if (typeof data === 'string') {
    const text = data;
    try {
      data = JSON.parse(text);
    } catch {
      throw bad(`data is not JSON: ${text.slice(0, 60)}`);
    }
  }
  if (data === null || typeof data !== 'object') throw bad('Content has no data');
  let errCode = (data as Record<string, unknown>)['err_code'];
  if (typeof errCode === 'string' && /^-?\d+$/.test(errCode)) {
    warnings.push('err_code sent as a string, not a number');
    errCode = Number(errCode);
  }
  if (typeof errCode !== 'number' || !Number.isInteger(errCode)) throw bad('data has no integer err_code');
  return { errCode, warnings, data: data as Record<string, unknown>, wrapper };
}
