import assert from 'node:assert/strict';
import { test } from 'node:test';
import { protocolErrorKind } from '../../../test/helpers/protocol-error-kind.js';
import { REPLY_FAULTS } from '../../../test/helpers/reply-faults.js';
import { parseCases } from '../../core/cases/index.js';
import { openWidgetRequest, verifyHandshake, widgetReplyBody } from './backend-side.js';
import type { WidgetCredentials } from './credentials.js';
import { aesKeyFrom, encryptMessage, sign } from './crypto.js';
import { checkWidgetReply } from './reply-check.js';
import { type WidgetWire, widgetRequestBuilder, widgetUser } from './request-builder.js';
import { DEFAULT_EXPECTATIONS, widgetClassifier } from './widget-outcome.js';
import { fromXml, toXml } from './xml.js';

const creds: WidgetCredentials = {
  token: 'spamtest',
  key: aesKeyFrom('abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG')!,
  appId: 'wx2c2769f8efd9abc2',
  ghId: 'gh_10f6c3c3ac5a',
};
const line =
  '{"type": 1, "slot_list": [{"key": "stock_code", "value": "00700"}, {"key": "stock_market", "value": "hk"}]}';
const testCase = parseCases(`${line}\n`, 'normal', 'n.jsonl').cases[0]!;
const wires: WidgetWire[] = [
  { plain: false, format: 'json' },
  { plain: false, format: 'xml' },
  { plain: true, format: 'json' },
  { plain: true, format: 'xml' },
];

test('a request opens on the backend to the event with the case as its Query, in every wire format', () => {
  for (const wire of wires) {
    const req = widgetRequestBuilder(creds, wire, { 'x-env': 'test' })(testCase, 41, '/widget?v=1');
    const url = new URL(req.path, 'http://x');
    assert.equal(url.pathname, '/widget');
    assert.equal(url.searchParams.get('v'), '1');
    assert.equal(
      url.searchParams.get('signature'),
      sign([creds.token, url.searchParams.get('timestamp')!, url.searchParams.get('nonce')!]),
    );
    assert.equal(url.searchParams.has('msg_signature'), !wire.plain);
    assert.equal(req.headers['x-env'], 'test');
    const event = openWidgetRequest(url.searchParams, req.body!, creds, wire);
    assert.equal(event['Query'], line, JSON.stringify(wire));
    assert.equal(event['Event'], 'wxa_widget_data');
    assert.equal(event['MsgType'], 'event');
    assert.equal(String(event['Scene']), '1');
    assert.equal(event['ToUserName'], creds.ghId);
    if (!wire.plain) {
      const outer = wire.format === 'json' ? JSON.parse(req.body!) : fromXml(req.body!)!;
      assert.deepEqual(Object.keys(outer), ['ToUserName', 'Encrypt']);
    }
  }
});

test('a fresh timestamp and nonce for every request', () => {
  const build = widgetRequestBuilder(creds, wires[0]!);
  const nonces = new Set(
    Array.from({ length: 50 }, () => new URL(build(testCase, 0, '/').path, 'http://x').searchParams.get('nonce')),
  );
  assert.equal(nonces.size, 50);
});

test('a reply verifies, decrypts and yields data and err_code, in every wire format', () => {
  const event = { FromUserName: 'oUser', Query: line };
  for (const wire of wires) {
    const reply = checkWidgetReply(
      Buffer.from(widgetReplyBody(event, { err_code: -1, err_msg: 'no result' }, creds, wire)),
      creds,
      wire,
    );
    assert.equal(reply.errCode, -1, JSON.stringify(wire));
    assert.deepEqual(reply.warnings, []);
    assert.equal(reply.wrapper['MsgType'], 'widget_data');
  }
});

test('a signature in capital hex is the same signature', () => {
  const wire = wires[0]!;
  const good = JSON.parse(widgetReplyBody({ FromUserName: 'o', Query: line }, { err_code: 0 }, creds, wire)) as Record<
    string,
    string
  >;
  const upper = Buffer.from(JSON.stringify({ ...good, MsgSignature: good['MsgSignature']!.toUpperCase() }));
  assert.equal(checkWidgetReply(upper, creds, wire).errCode, 0);
});

test('bad replies: forged signature, another key, another AppID, HTML, empty, truncated base64', () => {
  const wire = wires[0]!;
  const event = { FromUserName: 'oUser', Query: line };
  const good = JSON.parse(widgetReplyBody(event, { err_code: 0 }, creds, wire)) as Record<string, string>;
  const resign = (encrypt: string): Buffer =>
    Buffer.from(
      JSON.stringify({
        Encrypt: encrypt,
        MsgSignature: sign([creds.token, '1', '2', encrypt]),
        TimeStamp: '1',
        Nonce: '2',
      }),
    );
  const content = JSON.stringify({
    ToUserName: 'o',
    Content: JSON.stringify({ data: JSON.stringify({ err_code: 0 }) }),
  });
  const otherKey = aesKeyFrom('ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut')!;
  const check = (body: Buffer | string): string =>
    protocolErrorKind(() => checkWidgetReply(Buffer.from(body), creds, wire));
  assert.equal(check(widgetReplyBody(event, { err_code: 0 }, creds, wire, { forge: true })), 'bad_signature');
  assert.equal(
    check(
      JSON.stringify({ ...good, MsgSignature: good['MsgSignature']!.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')) }),
    ),
    'bad_signature',
  );
  // A fixed random prefix: with a random one, a wrong key gives valid-looking padding 1 time in ~256.
  assert.equal(check(resign(encryptMessage(content, otherKey, creds.appId, Buffer.alloc(16, 7)))), 'bad_padding');
  assert.equal(check(resign(encryptMessage(content, creds.key, 'wx0000000000000000'))), 'appid_mismatch');
  assert.equal(check('<html><body>502 Bad Gateway</body></html>'), 'bad_reply');
  assert.equal(check(''), 'bad_reply');
  assert.equal(check(resign(good['Encrypt']!.slice(0, -6))), 'bad_base64');
  assert.equal(check(resign(good['Encrypt']!.slice(0, 24))), 'bad_length');
});

test('data as an object and a numeric-string err_code are accepted and flagged; a missing err_code is a protocol error', () => {
  const wire = wires[2]!;
  const wrap = (inner: unknown): Buffer => Buffer.from(JSON.stringify({ Content: JSON.stringify(inner) }));
  const reply = checkWidgetReply(wrap({ data: { err_code: '-1' } }), creds, wire);
  assert.deepEqual(
    [reply.errCode, reply.warnings],
    [-1, ['data sent as an object, not a JSON string', 'err_code sent as a string, not a number']],
  );
  assert.equal(
    protocolErrorKind(() => checkWidgetReply(wrap({ data: '{"err_code":"x"}' }), creds, wire)),
    'bad_reply',
  );
  assert.equal(
    protocolErrorKind(() => checkWidgetReply(wrap({ data: '{"err_msg":"ok"}' }), creds, wire)),
    'bad_reply',
  );
  assert.equal(
    protocolErrorKind(() => checkWidgetReply(wrap({}), creds, wire)),
    'bad_reply',
  );
});

test("the classifier applies each group's expected err_codes and names protocol failures", () => {
  const wire = wires[0]!;
  const classify = widgetClassifier(creds, wire, DEFAULT_EXPECTATIONS, (s) => s < 400);
  const answer = (data: Record<string, unknown>, forge = false) => ({
    status: 200,
    bytes: 0,
    body: Buffer.from(widgetReplyBody({ FromUserName: widgetUser(3), Query: line }, data, creds, wire, { forge })),
  });
  const abnormal = { ...testCase, group: 'abnormal' };
  assert.deepEqual(classify(answer({ err_code: 0 }), testCase, 3), { ok: true, code: '0', tally: 'lifespan=60' });
  assert.deepEqual(classify(answer({ err_code: -2 }), abnormal, 3), { ok: true, code: '-2', tally: 'lifespan=60' });
  // The reply to request 3 is not a reply to request 4: it goes to another user.
  assert.equal(!classify(answer({ err_code: 0 }), testCase, 4).ok && 'failed', 'failed');
  const unexpected = classify(answer({ err_code: 0 }), abnormal, 3);
  // An answer all the same (timed as one), whose err_code its group does not expect.
  assert.equal(unexpected.ok, true);
  assert.equal(unexpected.ok && unexpected.unexpected, 'unexpected_err_code');
  assert.equal(unexpected.code, '0');
  const forged = classify(answer({ err_code: 0 }, true), testCase, 3);
  assert.deepEqual(forged, {
    ok: false,
    kind: 'protocol_bad_signature',
    example: 'MsgSignature does not match the reply',
  });
  assert.deepEqual(classify({ status: 502, bytes: 0 }, testCase, 3), { ok: false, kind: 'http_502' });
});

test('every field of §4 is checked against the request, each violation a kind of its own, in every wire format', () => {
  const sent = { ToUserName: creds.ghId, FromUserName: widgetUser(9), Query: line, Scene: 1 };
  const event = { FromUserName: sent.FromUserName, Query: line };
  for (const wire of wires) {
    const good = checkWidgetReply(Buffer.from(widgetReplyBody(event, { err_code: 0 }, creds, wire)), creds, wire, sent);
    assert.deepEqual([good.errCode, good.warnings], [0, []], 'a correct reply passes with no warning');
    for (const [name, fault] of Object.entries(REPLY_FAULTS)) {
      const body = widgetReplyBody(event, { err_code: 0 }, creds, wire, { tamper: fault.tamper });
      assert.equal(
        protocolErrorKind(() => checkWidgetReply(Buffer.from(body), creds, wire, sent)),
        fault.kind,
        `${name} ${JSON.stringify(wire)}`,
      );
    }
  }
  // A reply for another request's query is caught, however well-formed.
  const other = widgetReplyBody(
    { ...event, Query: '{"type": 1, "slot_list": [{"key": "stock_code", "value": "00005"}]}' },
    { err_code: 0 },
    creds,
    wires[0]!,
  );
  assert.throws(
    () => checkWidgetReply(Buffer.from(other), creds, wires[0]!, sent),
    /query differs from the request's Query at character \d+: .*00005.*, not .*00700/,
  );
});

test('the GET handshake echoes echostr only for a right signature', () => {
  const params = new URLSearchParams({
    timestamp: '1',
    nonce: '2',
    echostr: 'hello',
    signature: sign([creds.token, '1', '2']),
  });
  assert.equal(verifyHandshake(params, creds), 'hello');
  params.set('signature', sign(['x', '1', '2']));
  assert.equal(verifyHandshake(params, creds), undefined);
});

test('XML with CDATA survives text that contains "]]>"', () => {
  const xml = toXml({ Query: 'a]]>b<c>', Scene: 1 });
  assert.deepEqual(fromXml(xml), { Query: 'a]]>b<c>', Scene: '1' });
});
