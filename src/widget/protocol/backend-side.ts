import { randomInt } from 'node:crypto';
import type { WidgetCredentials } from './credentials.js';
import { decryptMessage, encryptMessage, sign, signaturesMatch } from './crypto.js';
import { serialize, type WidgetWire } from './request-builder.js';
import { WidgetProtocolError } from './widget-error.js';
import { fromXml } from './xml.js';

const fields = (text: string): Record<string, unknown> => {
  const t = text.trim();
  if (t.startsWith('{')) return JSON.parse(t) as Record<string, unknown>;
  const xml = fromXml(t);
  if (!xml) throw new WidgetProtocolError('bad_reply', 'the request body is neither JSON nor XML');
  return xml;
};

/**
 * The backend's side of a request: verifies `msg_signature` and decrypts the event (or, in
 * plain mode, reads it) and returns its fields. Used by the demo backend and test targets.
 *
 * @example
 * ```ts
 * const event = openWidgetRequest(new URL(req.url, 'http://x').searchParams, body, creds, wire)
 * event.Query // '{"type": 1, …}'
 * ```
 */
export function openWidgetRequest(
  params: URLSearchParams,
  body: string,
  creds: WidgetCredentials,
  wire: WidgetWire,
): Record<string, unknown> {
  const outer = fields(body);
  if (wire.plain) return outer;
  const encrypt = String(outer['Encrypt'] ?? '');
  const expected = sign([creds.token, params.get('timestamp') ?? '', params.get('nonce') ?? '', encrypt]);
  if (!signaturesMatch(expected, params.get('msg_signature') ?? ''))
    throw new WidgetProtocolError('bad_signature', 'msg_signature does not match');
  return fields(decryptMessage(encrypt, creds.key, creds.appId));
}

/**
 * Changes a reply before it is encrypted: a test backend that breaks one field of §4 at a time.
 *
 * @example
 * ```ts
 * const wrongQuery: ReplyTamper = (_wrapper, inner) => void (inner['query'] = '{"type": 2}')
 * ```
 */
export type ReplyTamper = (wrapper: Record<string, string | number>, inner: Record<string, unknown>) => void;

/**
 * The backend's reply to an event: `data` (JSON-encoded) inside the business object, inside
 * the `widget_data` wrapper, encrypted and signed (or plain). `forge` signs it wrongly and
 * `tamper` changes its fields, for tests of the checker.
 *
 * @example
 * ```ts
 * res.end(widgetReplyBody(event, { err_code: 0, err_msg: 'ok' }, creds, wire))
 * ```
 */
export function widgetReplyBody(
  event: Readonly<Record<string, unknown>>,
  data: Readonly<Record<string, unknown>>,
  creds: WidgetCredentials,
  wire: WidgetWire,
  options: { lifespan?: number; forge?: boolean; tamper?: ReplyTamper } = {},
): string {
  const inner: Record<string, unknown> = {
    lifespan: options.lifespan ?? 60,
    query: event['Query'],
    scene: 1,
    data: JSON.stringify(data),
  };
  const wrapper: Record<string, string | number> = {
    ToUserName: String(event['FromUserName'] ?? ''),
    FromUserName: creds.ghId,
    CreateTime: Math.floor(Date.now() / 1000),
    MsgType: 'widget_data',
    Content: '',
  };
  options.tamper?.(wrapper, inner);
  wrapper['Content'] = JSON.stringify(inner);
  if (wire.plain) return serialize(wrapper, wire.format);
  const encrypt = encryptMessage(serialize(wrapper, wire.format), creds.key, creds.appId);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = String(randomInt(1e9, 1e10));
  const signature = options.forge
    ? sign(['forged', timestamp, nonce, encrypt])
    : sign([creds.token, timestamp, nonce, encrypt]);
  return serialize({ Encrypt: encrypt, MsgSignature: signature, TimeStamp: timestamp, Nonce: nonce }, wire.format);
}

/**
 * The GET URL-verification handshake: answers `echostr` when `signature` is right.
 *
 * @example
 * ```ts
 * verifyHandshake(params, creds) // the echostr, or undefined
 * ```
 */
export function verifyHandshake(params: URLSearchParams, creds: WidgetCredentials): string | undefined {
  const expected = sign([creds.token, params.get('timestamp') ?? '', params.get('nonce') ?? '']);
  return signaturesMatch(expected, params.get('signature') ?? '') ? (params.get('echostr') ?? undefined) : undefined;
}
