// test-lane: seconds (it judges verdicts decided within seconds and a generator late by construction: scripts/run-tests.mjs runs it at normal priority on one core)
// The verdict engine end to end: checks over windows, a run stopped the moment a check is decided
// failed, and a verdict that never blames the target for the generator.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { RunResult } from '../src/load/result/index.js';
import { lptf } from './helpers/cli.js';
import { firstNodeOnly } from './helpers/first-node.js';
import { loopbackServer, packageScratch } from './helpers/loopback.js';
import { assertTargetFailed, readSummary } from './helpers/verdict.js';

const scratch = await packageScratch('verdict-');

/** Milliseconds since the first request this target saw. */
function clockFromFirst(): () => number {
  let first: number | undefined;
  return () => {
    first ??= Date.now();
    return Date.now() - first;
  };
}

test('2 s of failures in 8 s: the whole-run error rate passes, the 4 s window fails and names the window', {
  skip: firstNodeOnly,
}, async () => {
  const since = clockFromFirst();
  const url = await loopbackServer((_req, res) => {
    const ms = since();
    res.statusCode = ms >= 3000 && ms < 5000 ? 503 : 200;
    res.end('x');
  });
  const out = join(scratch, 'window');
  const run = await lptf([
    'run',
    `${url}/`,
    '-r',
    '50',
    '-d',
    '8s',
    '-q',
    '-o',
    out,
    '--format',
    'html',
    '--check',
    'error_rate <= 30%',
    '--check',
    'error_rate over 4s <= 30%',
  ]);
  const s = await readSummary(out);
  assertTargetFailed(run, s);
  const [whole, windowed] = s.checks;
  assert.ok(whole?.pass && whole.actual !== null && whole.actual > 0.2 && whole.actual < 0.3, JSON.stringify(whole));
  assert.equal(windowed?.pass, false);
  // The worst window holds both failing seconds: about half its answers failed.
  assert.ok(windowed?.window && windowed.window.actual >= 0.45, JSON.stringify(windowed?.window));
  assert.ok(windowed.window.fromSecond <= 4 && windowed.window.toSecond >= 5, JSON.stringify(windowed.window));
  assert.match(
    run.stdout,
    /error rate, each 4 s window: worst \d+(\.\d+)?% in seconds \d+-\d+ \(\d+s to \d+s into the run\); \d+ of \d+ windows failed/,
  );
  // The report read back keeps the window, and the HTML shades it on the latency chart.
  const html = await readFile(join(out, 'report.html'), 'utf8');
  assert.match(html, /"windows":\[\{"label":"error_rate over 4s (<|\\u003c)= 30%","fromSecond":\d+,"toSecond":\d+\}\]/);
  const again = await lptf(['report', join(out, 'summary.json'), '--format', 'md']);
  assert.match(again.stdout, /error rate, each 4 s window \|\s+\d+(\.\d+)?% \(s \d+-\d+\)/);
});

test('--abort-on-fail stops a 2-minute run within seconds of the moment the 870 ms row is decided: exit 1, outputs whole', async () => {
  const since = clockFromFirst();
  // Slow from the second second on: 1% of the 12,000 planned is 120 answers over 870 ms.
  const url = await loopbackServer((_req, res) => {
    if (since() < 1000) res.end('fast');
    else setTimeout(() => res.end('slow'), 900);
  });
  const out = join(scratch, 'abort');
  const started = Date.now();
  const run = await lptf([
    'run',
    `${url}/`,
    '-r',
    '100',
    '-d',
    '2m',
    '-q',
    '-o',
    out,
    '--check',
    'share(>870ms) <= 1%',
    '--abort-on-fail',
  ]);
  const tookSec = (Date.now() - started) / 1000;
  assert.ok(tookSec < 15, `took ${tookSec}s`);
  const s = await readSummary(out);
  // Its subject is the stop, not the generator: a late generator (its lane shares one core) makes
  // the failure inconclusive, as its summary then says, and nothing else does (assertTargetFailed).
  assertTargetFailed(run, s);
  assert.equal(s.interrupted, false);
  assert.equal(s.stopped?.check, 'share(>870ms) <= 1%');
  assert.equal(s.stopped?.decision.of, 12_000);
  assert.ok((s.stopped?.decision.count ?? 0) > 120, JSON.stringify(s.stopped));
  // Decided about 2 s in (the 121st slow answer); stopped at the next tick of the watch.
  assert.ok((s.stopped?.atSec ?? 99) < 6, JSON.stringify(s.stopped));
  assert.ok(s.elapsedSec < 7, `schedule ran ${s.elapsedSec}s`);
  assert.equal(s.checks[0]?.pass, false);
  assert.match(
    s.notes[0]?.en ?? '',
    /^Stopped at \d+(\.\d)?s: "share\(>870ms\) <= 1%" was decided: \d+ of the 12,000 requests/,
  );
  assert.match(
    run.stdout,
    /^(FAIL|INCONCLUSIVE \(exit 3\)): .*; stopped at \d+(\.\d)?s, as asked, once "share\(>870ms\) <= 1%" was decided/m,
  );
  for (const f of ['summary.json', 'measure.json', 'report.md']) assert.ok(existsSync(join(out, f)), f);
  assert.equal(existsSync(join(out, 'incomplete.json')), false);
});

/** A load file whose request() spins `spinMs` on the sending thread: the generator is late by construction. */
async function lateGenerator(
  name: string,
  check: string,
): Promise<{ code: number | null; s: RunResult; stdout: string }> {
  const url = await loopbackServer((_req, res) => res.end('ok'));
  const file = join(scratch, `${name}.load.ts`);
  await writeFile(
    file,
    `import { loadTest } from 'lptf/load';
export default loadTest({
  url: '${url}',
  rate: 100,
  duration: '3s',
  checks: [${JSON.stringify(check)}],
  scenarios: {
    spin: {
      request: () => {
        const end = performance.now() + 15;
        while (performance.now() < end);
        return { path: '/' };
      },
    },
  },
});
`,
  );
  const out = join(scratch, name);
  const run = await lptf(['run', file, '-q', '-o', out, '--check', 'delivered >= 1%']);
  return { code: run.code, s: await readSummary(out), stdout: run.stdout };
}

// The two side by side: each run is late by construction (its request() spins 15 ms on the
// sending thread), and each judges its own target.
describe('a generator late by construction', { concurrency: 2 }, () => {
  test('a late generator never fails a run whose target checks pass: PASS with a warning, exit 0', async () => {
    const { code, s, stdout } = await lateGenerator('late-pass', 'error_rate <= 1%');
    const late = s.checks.find((c) => c.metric.kind === 'send_lateness_p99');
    assert.equal(late?.pass, false, 'the generator was meant to be late');
    assert.equal(code, 0, stdout);
    assert.equal(s.verdict, 'pass');
    assert.match(
      stdout,
      /PASS: the one check of the target passed; the generator was late \(send lateness p99 [\d.]+ ms, over 10 ms\), a warning only/,
    );
  });

  test('a target check failing while the generator is late is inconclusive: exit 3, the cause named', async () => {
    const { code, s, stdout } = await lateGenerator('late-fail', 'p(50) <= 0.001ms');
    assert.equal(code, 3, stdout);
    assert.equal(s.verdict, 'inconclusive');
    assert.equal(s.passed, false);
    assert.match(
      stdout,
      /INCONCLUSIVE \(exit 3\): 1 check\(s\) of the target failed while the generator fell behind \(send lateness p99 [\d.]+ ms, over 10 ms\): the failure may be lptf's/,
    );
    const junit = await lptf(['report', join(scratch, 'late-fail', 'summary.json'), '--format', 'junit']);
    assert.match(junit.stdout, /load generator kept up/);
  });
});
