import assert from 'node:assert/strict';
import { test } from 'node:test';
import '../builtins.js';
import { commandLine, redactArgs } from './redact.js';

test('redacts secret headers, URL user-info and secret query values', () => {
  assert.deepEqual(
    redactArgs([
      'run',
      '-H',
      'Authorization: Bearer abc',
      '-H',
      'X-Env: test',
      'http://u:p@127.0.0.1/?token=x&a=1&api_key=k',
    ]),
    [
      'run',
      '-H',
      'Authorization: [redacted]',
      '-H',
      'X-Env: test',
      'http://[redacted]@127.0.0.1/?token=[redacted]&a=1&api_key=[redacted]',
    ],
  );
});

test('redacts the widget credential flags in both spellings', () => {
  assert.deepEqual(
    redactArgs(['--token', 't0k', '--aes-key=abc', '--appid', 'wx1', '--gh-id', 'gh_1', '--rate', '200']),
    [
      '--token',
      '[redacted]',
      '--aes-key=[redacted]',
      '--appid',
      '[redacted]',
      '--gh-id',
      '[redacted]',
      '--rate',
      '200',
    ],
  );
});

test('quotes arguments that need it', () => {
  assert.equal(
    commandLine(['lptf', 'run', '--check', 'p(95) <= 170ms', "it's"]),
    `lptf run --check 'p(95) <= 170ms' 'it'\\''s'`,
  );
});
