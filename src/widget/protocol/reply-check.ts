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
  /** The seconds WeChat may cache this answer, as the reply declares them (when it is a whole number). */
  readonly lifespan?: number;
}

const bad = (message: string): WidgetProtocolError => new WidgetProtocolError('bad_reply', message);

/**
 * What the reply must echo of the event it answers: its users (swapped), its `Query` (byte for
 * byte) and its `Scene`.
 *
 * @example
 * ```ts
 * const sent: SentEvent = { ToUserName: 'gh_1', FromUserName: widgetUser(7), Query: testCase.text, Scene: 1 }
 * ```
 */
export interface SentEvent {
  readonly ToUserName: string;
  readonly FromUserName: string;
  readonly Query: string;
  readonly Scene: number;
}

/** A short, one-line quote of a value for a failure's example. */
const quote = (v: unknown): string => {
  const text = typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v));
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
};

/**
 * Checks the fields of §4 of the protocol that WeChat relies on: the wrapper's `MsgType`, its
 * users swapped from the request, its `CreateTime`; the business object's `query` (the request's
 * `Query` unchanged, so a backend or cache that answers another query is caught), `scene` and
 * `lifespan`. Each violation is an error of its own kind.
 */
function checkEnvelope(
  wrapper: Readonly<Record<string, unknown>>,
  inner: Readonly<Record<string, unknown>>,
  sent: SentEvent,
  warnings: string[],
): void {
  if (wrapper['MsgType'] !== 'widget_data') {
    throw new WidgetProtocolError('wrong_msg_type', `MsgType is ${quote(wrapper['MsgType'])}, not "widget_data"`);
  }
  if (wrapper['ToUserName'] !== sent.FromUserName || wrapper['FromUserName'] !== sent.ToUserName) {
    throw new WidgetProtocolError(
      'wrong_users',
      `the reply goes from ${quote(wrapper['FromUserName'])} to ${quote(wrapper['ToUserName'])}, not from the mini program to the user who asked`,
    );
  }
  const created = wrapper['CreateTime'];
  if (created === undefined || created === '' || !Number.isFinite(Number(created))) {
    throw new WidgetProtocolError(
      'no_create_time',
      `CreateTime is ${created === undefined ? 'missing' : quote(created)}`,
    );
  }
  const query = inner['query'];
  if (query !== sent.Query) {
    if (typeof query !== 'string') {
      throw new WidgetProtocolError(
        'wrong_query',
        `query is ${query === undefined ? 'missing' : quote(query)}, not the request's Query string`,
      );
    }
    // Quote both from where they part, so a long query's difference is seen.
    let at = 0;
    while (at < query.length && query[at] === sent.Query[at]) at++;
    const from = Math.max(0, at - 10);
    const part = (text: string): string => `${from > 0 ? '…' : ''}${text.slice(from, from + 40)}`;
    throw new WidgetProtocolError(
      'wrong_query',
      `query differs from the request's Query at character ${at + 1}: ${quote(part(query))}, not ${quote(part(sent.Query))}`,
    );
  }
  const scene = inner['scene'];
  if (scene === undefined || Number(scene) !== sent.Scene)
    throw new WidgetProtocolError(
      'bad_scene',
      `scene is ${scene === undefined ? 'missing' : quote(scene)}, not ${sent.Scene}`,
    );
  if (typeof scene === 'string') warnings.push(SCENE_AS_STRING);
  const lifespan = inner['lifespan'];
  if (typeof lifespan !== 'number' || !Number.isInteger(lifespan) || lifespan < 0) {
    throw new WidgetProtocolError(
      'bad_lifespan',
      `lifespan is ${lifespan === undefined ? 'missing' : quote(lifespan)}, not a whole number of seconds >= 0`,
    );
  }
}

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
 * `Content`; given the event it answers, check the wrapper and the business object against it
 * (`MsgType`, users, `CreateTime`, `query`, `scene`, `lifespan`); then parse `data` (a JSON string,
 * or an object, tolerated) and read `err_code`.
 * In plain mode the body is the wrapper itself. Throws a {@link WidgetProtocolError} naming
 * what is wrong.
 *
 * @example
 * ```ts
 * checkWidgetReply(response.body, creds, { plain: false, format: 'json' }).errCode // 0
 * ```
 */
export function checkWidgetReply(
  body: Buffer | undefined,
  creds: WidgetCredentials,
  wire: WidgetWire,
  sent?: SentEvent,
): WidgetReply {
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
  if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) throw bad('Content is not a JSON object');
  const warnings: string[] = [];
  if (sent) checkEnvelope(wrapper, inner, sent, warnings);
  let data: unknown = inner['data'];
  if (data !== null && typeof data === 'object') warnings.push(DATA_AS_OBJECT);
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
    warnings.push(ERR_CODE_AS_STRING);
    errCode = Number(errCode);
  }
  if (typeof errCode !== 'number' || !Number.isInteger(errCode)) throw bad('data has no integer err_code');
  const lifespan = inner['lifespan'];
  return {
    errCode,
    warnings,
    data: data as Record<string, unknown>,
    wrapper,
    ...(typeof lifespan === 'number' && Number.isInteger(lifespan) && lifespan >= 0 ? { lifespan } : {}),
  };
}

const SCENE_AS_STRING = 'scene sent as a string, not a number';
const DATA_AS_OBJECT = 'data sent as an object, not a JSON string';
const ERR_CODE_AS_STRING = 'err_code sent as a string, not a number';

/** The reply's warnings in Chinese, by their English text: what a zh report says of them. */
export const REPLY_WARNING_WORDS: Readonly<Record<string, { readonly en: string; readonly zh: string }>> = {
  [SCENE_AS_STRING]: { en: SCENE_AS_STRING, zh: 'scene 以字符串而不是数字发送' },
  [DATA_AS_OBJECT]: { en: DATA_AS_OBJECT, zh: 'data 以对象而不是 JSON 字符串发送' },
  [ERR_CODE_AS_STRING]: { en: ERR_CODE_AS_STRING, zh: 'err_code 以字符串而不是数字发送' },
};
