// --stream: one JSON line per second while the run goes, for tail -f and jq.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { lptf } from './helpers/cli.js';
import { assertExitIsVerdict, INCONCLUSIVE_FOR_GENERATOR, readSummary } from './helpers/verdict.js';

interface Line {
  second: number;
  time: string;
  sent: number;
  ok: number;
  failed: number;
  errors: Record<string, number>;
  p95: number | null;
  verdict: string;
}

async function target(): Promise<{ url: string; count: () => number; close: () => void }> {
  let n = 0;
  const server = createServer((_q, res) => {
    n++;
    res.statusCode = n % 10 === 0 ? 503 : 200;
    res.end('ok');
  }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`,
    count: () => n,
    close: () => server.close(),
  };
}

const lines = (text: string): Line[] =>
  text
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as Line);

test('--stream writes a line per second as the run goes, and the lines add up to the run', async () => {
  const t = await target();
  const dir = mkdtempSync(join(tmpdir(), 'lptf-stream-'));
  const file = join(dir, 'live.ndjson');
  try {
    const run = lptf(['run', t.url, '--rate', '100', '--duration', '4s', '--stream', file, '--out', join(dir, 'r')]);
    // Written as the seconds close, not at the end.
    await new Promise((r) => setTimeout(r, 3_000));
    const early = existsSync(file) ? lines(readFileSync(file, 'utf8')) : [];
    const done = await run;
    assertExitIsVerdict(done, await readSummary(join(dir, 'r')));
    assert.ok(early.length >= 1, `lines after 3 s of a 4 s run: ${early.length}`);
    const all = lines(readFileSync(file, 'utf8'));
    assert.deepEqual(
      all.map((l) => l.second),
      all.map((_, i) => i + 1),
      'one line per second, in order',
    );
    const summary = JSON.parse(readFileSync(join(dir, 'r', 'summary.json'), 'utf8')) as {
      requests: { sent: number; ok: number; failed: number };
    };
    const sum = (k: 'sent' | 'ok' | 'failed'): number => all.reduce((a, l) => a + l[k], 0);
    assert.deepEqual(
      [sum('sent'), sum('ok'), sum('failed')],
      [summary.requests.sent, summary.requests.ok, summary.requests.failed],
    );
    assert.equal(
      all.reduce((a, l) => a + (l.errors['http_503'] ?? 0), 0),
      summary.requests.failed,
      'errors by kind',
    );
    assert.ok(all.some((l) => typeof l.p95 === 'number' && l.p95 > 0));
    assert.ok(all.every((l) => !Number.isNaN(Date.parse(l.time))));
  } finally {
    t.close();
  }
});

test('--stream - puts only JSON lines on stdout; the report goes to stderr', async () => {
  const t = await target();
  try {
    const r = await lptf(['run', t.url, '--rate', '50', '--duration', '2s', '--stream', '-', '--quiet']);
    // Any verdict, by its exit code; inconclusive only as the report on stderr says, naming the generator.
    assert.ok(r.code === 0 || r.code === 1 || r.code === 3, r.stderr);
    if (r.code === 3) assert.match(r.stderr, INCONCLUSIVE_FOR_GENERATOR);
    const out = lines(r.stdout);
    assert.ok(out.length >= 2);
    assert.equal(
      out.reduce((a, l) => a + l.sent, 0),
      100,
    );
    assert.match(r.stderr, /Latency of OK answers/);
  } finally {
    t.close();
  }
});

test('an unwritable --stream path is refused before any traffic (exit 2)', async () => {
  const t = await target();
  const dir = mkdtempSync(join(tmpdir(), 'lptf-stream-'));
  const locked = join(dir, 'locked');
  mkdirSync(locked);
  chmodSync(locked, 0o500);
  try {
    for (const path of [
      join(dir, 'no', 'such', 'folder', 'x.ndjson'),
      dir,
      ...(process.getuid?.() === 0 ? [] : [join(locked, 'x.ndjson')]),
    ]) {
      const r = await lptf(['run', t.url, '--rate', '50', '--duration', '2s', '--stream', path]);
      assert.equal(r.code, 2, `${path}: ${r.stderr}`);
      assert.match(r.stderr, /cannot write the stream to/);
    }
    assert.equal(t.count(), 0, 'no request was sent');
  } finally {
    t.close();
  }
});

test('--stream to a FIFO no one reads is refused before any traffic (exit 2), not a silent hang (hostile N34)', async () => {
  const t = await target();
  const fifo = join(mkdtempSync(join(tmpdir(), 'lptf-stream-')), 'live.fifo');
  execFileSync('mkfifo', [fifo]);
  try {
    const started = Date.now();
    const r = await lptf(['run', t.url, '--rate', '50', '--duration', '2s', '--stream', fifo]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(
      r.stderr,
      /cannot write the stream to ".*live\.fifo": a FIFO no one reads yet; start its reader first/,
    );
    assert.ok(Date.now() - started < 10_000);
    assert.equal(t.count(), 0, 'no request was sent');
  } finally {
    t.close();
  }
});

test('a stream that cannot be written mid-run (a full disk) stops the stream, not the run: the report is whole, exit 1', {
  skip: !existsSync('/dev/full') && 'no /dev/full here',
}, async () => {
  const t = await target();
  try {
    const r = await lptf(['run', t.url, '--rate', '50', '--duration', '2s', '--quiet', '--stream', '/dev/full']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /stream to \/dev\/full: not written: ENOSPC/);
    assert.match(r.stdout, /Latency of OK answers/);
    assert.equal(t.count(), 100, 'every planned request was sent');
  } finally {
    t.close();
  }
});

test('--stream - into a reader that goes away (| head -c 100) is a lost output: said, exit 1, not a silent 0 (hostile N32)', async () => {
  const t = await target();
  try {
    const { spawn } = await import('node:child_process');
    const { CLI } = await import('./helpers/cli.js');
    const child = spawn(process.execPath, [CLI, 'run', t.url, '--rate', '50', '--duration', '3s', '--stream', '-'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c));
    let got = 0;
    child.stdout.on('data', (c: Buffer) => {
      got += c.length;
      // What `head -c 100` does: read a little, then close the pipe.
      if (got >= 100) child.stdout.destroy();
    });
    const [code] = (await once(child, 'close')) as [number | null];
    assert.equal(code, 1, stderr);
    assert.match(stderr, /stream to stdout: not written: .*EPIPE/);
  } finally {
    t.close();
  }
});
