// test-lane: untimed (it asserts no time or rate: scripts/run-tests.mjs runs it beside the timed tests)
// No credential of the corpus reaches any file a run writes, its console output or its dashboard
// headline: URL user-info (a password with @ in it), secret query values and secret headers are
// redacted by one rule everywhere (src/core/redact).

import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { SECRET_HEADERS } from '../src/core/redact/secret-corpus.fixture.js';
import { anyVerdict, lptf } from './helpers/cli.js';
import { startTarget, type Target } from './helpers/target.js';

let target: Target;
before(async () => {
  target = await startTarget({ delayMs: 1 });
});
after(() => target?.close());

test('a run with credentials in its URL and headers writes none of them anywhere', async () => {
  const port = new URL(target.url).port;
  const url = `http://user:S3CR3T-p@ss@127.0.0.1:${port}/?token=S3CR3T-1&sig=S3CR3T-8&X-Amz-Credential=S3CR3T-6&page=2`;
  const out = await mkdtemp(join(tmpdir(), 'lptf-redaction-'));
  const headers = SECRET_HEADERS.flatMap((h) => ['-H', h]);
  const run = await lptf(['run', url, ...headers, '-r', '20', '-d', '1s', '-o', out, '--format', 'all']);
  // The verdict is not this test's subject (a busy machine may fail the run's own lateness check).
  assert.ok(anyVerdict(run.code), run.stderr);
  const files = await readdir(out);
  assert.ok(files.length >= 7, files.join(' '));
  for (const file of files) {
    const text = await readFile(join(out, file), 'utf8');
    assert.ok(!text.includes('S3CR3T'), `${file}: ${text.match(/.{30}S3CR3T.{10}/)?.[0]}`);
  }
  assert.ok(!run.stdout.includes('S3CR3T') && !run.stderr.includes('S3CR3T'), 'console');
  // What was redacted is still readable around it.
  const md = await readFile(join(out, 'report.md'), 'utf8');
  assert.match(
    md,
    /http:\/\/\[redacted\]@127\.0\.0\.1:\d+\/\?token=\[redacted\]&sig=\[redacted\]&X-Amz-Credential=\[redacted\]&page=2/,
  );
});
