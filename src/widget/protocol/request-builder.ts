import { randomInt } from 'node:crypto';
import type { TestCase } from '../../core/cases/index.js';
import type { HttpRequest } from '../../core/transport/index.js';
import type { WidgetCredentials } from './credentials.js';
import { encryptMessage, sign } from './crypto.js';
import { toXml } from './xml.js';

/**
 * How requests are sent: encrypted ("safe mode") or plain; JSON or XML bodies.
 *
 * @example
 * ```ts
 * const wire: WidgetWire = { plain: false, format: 'xml' }
 * ```
 */
export interface WidgetWire {
  readonly plain: boolean;
  readonly format: 'json' | 'xml';
}

/**
 * The event WeChat posts for a query, before encryption.
 *
 * @example
 * ```ts
 * const e: WidgetEvent = widgetEvent(testCase, 0, 'gh_123', 1700000000)
 * ```
 */
export interface WidgetEvent {
  readonly ToUserName: string;
  readonly FromUserName: string;
  readonly CreateTime: number;
  readonly MsgType: 'event';
  readonly Event: 'wxa_widget_data';
  readonly Query: string;
  readonly Scene: 1;
}

/**
 * The event for one case: `Query` is the case as a JSON string, exactly as written in the file.
 *
 * @example
 * ```ts
 * widgetEvent(testCase, 0, 'gh_123', 1700000000).Query // '{"type": 1, "slot_list": […]}'
 * ```
 */
export function widgetEvent(testCase: TestCase, seq: number, ghId: string, now: number): WidgetEvent {
  return {
    ToUserName: ghId,
    FromUserName: widgetUser(seq),
    CreateTime: now,
    MsgType: 'event',
    Event: 'wxa_widget_data',
    Query: testCase.text,
    Scene: 1,
  };
}

/**
 * The user a request comes from: a distinct, openid-shaped user per request, as WeChat's own test
 * sends many users. The reply must be addressed back to it.
 *
 * @example
 * ```ts
 * widgetUser(35) // 'oLptf0000000000000000000000z'
 * ```
 */
export function widgetUser(seq: number): string {
  return `oLptf${seq.toString(36).padStart(23, '0')}`;
}

/**
 * Builds requests as WeChat sends them to a widget backend: per case, the event is encrypted
 * with a fresh timestamp and nonce and POSTed as `{"ToUserName","Encrypt"}` (or its XML form)
 * to `basePath?timestamp=…&nonce=…&msg_signature=…&signature=…`. In plain mode the event itself
 * is posted, with `timestamp`, `nonce` and `signature`. `headers` are added to every request.
 *
 * @example
 * ```ts
 * const build = widgetRequestBuilder(creds, { plain: false, format: 'json' })
 * const request = build(testCase, 7, '/widget')
 * ```
 */
export function widgetRequestBuilder(
  creds: WidgetCredentials,
  wire: WidgetWire,
  extraHeaders: Readonly<Record<string, string>> = {},
): (testCase: TestCase, seq: number, basePath: string) => HttpRequest & { readonly body: string } {
  const headers = {
    ...extraHeaders,
    'content-type': wire.format === 'json' ? 'application/json' : 'text/xml; charset=utf-8',
  };
  return (testCase, seq, basePath) => {
    const join = basePath.includes('?') ? '&' : '?';
    const now = Math.floor(Date.now() / 1000);
    const timestamp = String(now);
    const nonce = String(randomInt(1e9, 1e10));
    const event = widgetEvent(testCase, seq, creds.ghId, now);
    const urlSignature = sign([creds.token, timestamp, nonce]);
    if (wire.plain) {
      return {
        method: 'POST',
        path: `${basePath}${join}timestamp=${timestamp}&nonce=${nonce}&signature=${urlSignature}`,
        headers,
        body: serialize({ ...event }, wire.format),
      };
    }
    const encrypt = encryptMessage(serialize({ ...event }, wire.format), creds.key, creds.appId);
    const msgSignature = sign([creds.token, timestamp, nonce, encrypt]);
    return {
      method: 'POST',
      path: `${basePath}${join}timestamp=${timestamp}&nonce=${nonce}&msg_signature=${msgSignature}&signature=${urlSignature}`,
      headers,
      body: serialize({ ToUserName: creds.ghId, Encrypt: encrypt }, wire.format),
    };
  };
}

/**
 * Serialises a flat message as JSON or XML.
 *
 * @example
 * ```ts
 * serialize({ a: 'x' }, 'json') // '{"a":"x"}'
 * ```
 */
export function serialize(fields: Readonly<Record<string, string | number>>, format: 'json' | 'xml'): string {
  return format === 'json' ? JSON.stringify(fields) : toXml(fields);
}
