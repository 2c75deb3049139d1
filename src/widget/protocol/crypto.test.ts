import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { protocolErrorKind } from '../../../test/helpers/protocol-error-kind.js';
import { aesKeyFrom, decryptMessage, encryptMessage, sign, signaturesMatch } from './crypto.js';

// The official sample vector (WeChat's public message-encryption sample), copied from
// shared/reference/wechat-crypto-vector.json so the tests need nothing outside the repo.
const vector = JSON.parse(readFileSync(new URL('./fixtures/official-vector.json', import.meta.url), 'utf8')) as Record<
  string,
  string
>;
const key = aesKeyFrom(vector['encodingAESKey']!)!;
const appId = vector['appId']!;

test('the official vector decrypts to its message', () => {
  assert.equal(decryptMessage(vector['encrypt']!, key, appId), vector['plaintextMessage']);
});

test('the official vector re-encrypts and re-signs byte for byte', () => {
  const encrypt = encryptMessage(
    vector['plaintextMessage']!,
    key,
    appId,
    Buffer.from(vector['randomPrefixHex']!, 'hex'),
  );
  assert.equal(encrypt, vector['encrypt']);
  assert.equal(sign([vector['token']!, vector['timestamp']!, vector['nonce']!, encrypt]), vector['msgSignature']);
});

test('a fresh encryption round-trips, with padding 1..32 bytes', () => {
  for (let n = 0; n < 70; n++) {
    const msg = 'é'.repeat(n);
    assert.equal(decryptMessage(encryptMessage(msg, key, appId), key, appId), msg);
  }
});

test('signatures compare in constant time and reject any difference', () => {
  const s = sign(['a', 'b']);
  assert.equal(signaturesMatch(s, sign(['b', 'a'])), true);
  assert.equal(signaturesMatch(s, s.slice(0, -1) + (s.endsWith('0') ? '1' : '0')), false);
  assert.equal(signaturesMatch(s, s.slice(1)), false);
});

test('EncodingAESKey: 43 base64 characters, nothing else', () => {
  assert.equal(aesKeyFrom('abcdefghijklmnopqrstuvwxyz0123456789ABCDEF'), undefined);
  assert.equal(aesKeyFrom('abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH'), undefined);
  assert.equal(aesKeyFrom('abcdefghijklmnopqrstuvwxyz0123456789ABCDEF!'), undefined);
});

test('every decrypt failure has its own kind', () => {
  const other = aesKeyFrom('ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut')!;
  // A fixed random prefix: with a random one, the wrong key's garbage ended in valid PKCS#7 padding
  // now and then (about 1 in 256), and the failure was bad_length instead (seen once in CI).
  const good = encryptMessage('hello', key, appId, Buffer.alloc(16, 7));
  assert.equal(
    protocolErrorKind(() => decryptMessage(good, other, appId)),
    'bad_padding',
  );
  assert.equal(
    protocolErrorKind(() => decryptMessage(encryptMessage('hello', key, 'wx0000000000000000'), key, appId)),
    'appid_mismatch',
  );
  assert.equal(
    protocolErrorKind(() => decryptMessage(good.slice(0, 10), key, appId)),
    'bad_base64',
  );
  assert.equal(
    protocolErrorKind(() => decryptMessage('<html>502</html>', key, appId)),
    'bad_base64',
  );
  assert.equal(
    protocolErrorKind(() => decryptMessage(good.slice(0, 20), key, appId)),
    'bad_length',
  );
  assert.equal(
    protocolErrorKind(() => decryptMessage('', key, appId)),
    'bad_base64',
  );
});
