import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redactCommand } from './redact-command.js';
import { redactText } from './redact-text.js';
import { isSecretName, redactUrl, urlHasSecret } from './redact-url.js';
import { PLAIN_NAMES, SECRET_HEADERS, SECRET_URLS } from './secret-corpus.fixture.js';

test('every secret of the corpus is redacted from its URL, the rest of the URL kept', () => {
  for (const { url, secret } of SECRET_URLS) {
    const out = redactUrl(url);
    assert.ok(!out.includes(secret), `${url} → ${out}`);
    assert.ok(!out.includes('S3CR3T'), `${url} → ${out}`);
    assert.ok(out.includes('[redacted]'), out);
    assert.ok(urlHasSecret(url), url);
    assert.match(out, /^https?:\/\/(\[redacted\]@)?127\.0\.0\.1/);
  }
  assert.equal(redactUrl('http://127.0.0.1/a@b?x=1&page=2'), 'http://127.0.0.1/a@b?x=1&page=2');
  assert.equal(urlHasSecret('http://127.0.0.1:8080/search?q=x&limit=10'), false);
});

test('secret header names are secret, plain names are not', () => {
  for (const h of SECRET_HEADERS) assert.ok(isSecretName(h.slice(0, h.indexOf(':'))), h);
  for (const n of PLAIN_NAMES) assert.ok(!isSecretName(n), n);
});

test('a shell command loses the values of secret assignments and flags, and URL credentials; the rest stays', () => {
  assert.equal(
    redactCommand(
      "DB_PASSWORD=hunter2 API_KEY='a b' node server.js --api-key abc --token=xyz --port 8080 http://u:p@h/?token=t&a=1",
    ),
    'DB_PASSWORD=[redacted] API_KEY=[redacted] node server.js --api-key [redacted] --token=[redacted] --port 8080 http://[redacted]@h/?token=[redacted]&a=1',
  );
  assert.equal(redactCommand('PORT=8080 node s.js --verbose -k'), 'PORT=8080 node s.js --verbose -k');
});

test("a free text (an answer's first bytes, a request's body) loses secret JSON members, form fields and header lines, and URL credentials", () => {
  assert.equal(
    redactText('{"user":"ann","password":"s3cret","n":1,"api_key":42}'),
    '{"user":"ann","password":"[redacted]","n":1,"api_key":"[redacted]"}',
  );
  assert.equal(redactText('user=ann&password=s3cret&page=2'), 'user=ann&password=[redacted]&page=2');
  assert.equal(redactText('Authorization: Bearer abc\nAccept: */*'), 'Authorization: [redacted]\nAccept: */*');
  assert.equal(redactText('see http://u:p@127.0.0.1/?token=t'), 'see http://[redacted]@127.0.0.1/?token=[redacted]');
  assert.equal(redactText('{"error":"wrong user or password"}'), '{"error":"wrong user or password"}');
  for (const h of SECRET_HEADERS) assert.ok(!redactText(h).includes('S3CR3T'), `${h} → ${redactText(h)}`);
  // A fragment written as a query (an OAuth implicit grant's redirect), and one that is not.
  assert.equal(
    redactText('see http://h/cb#access_token=S3&state=1 and http://h/#top'),
    'see http://h/cb#access_token=[redacted]&state=1 and http://h/#top',
  );
  // Code, as a load file writes it: quoted values of secret names, and nothing else.
  assert.equal(
    redactText("headers: { Authorization: 'Bearer s3', 'x-api-key': \"k9\" }, city: 'beijing', apiKey = `t7`"),
    "headers: { Authorization: '[redacted]', 'x-api-key': \"[redacted]\" }, city: 'beijing', apiKey = `[redacted]`",
  );
});
