// A count says exactly what happened: `sent` is what left the client. An arrival that never
// became a request (its data ran out, its request() threw) is counted apart, with its kind, and
// `delivered` judges what the plan got; a feeder may end the run when it runs dry.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import type { RunResult } from '../src/load/result/index.js';
import { lptf } from './helpers/cli.js';
import { loopbackServer, packageScratch } from './helpers/loopback.js';
import { assertTargetFailed } from './helpers/verdict.js';

const scratch = await packageScratch('counting-');
let seen = 0;
const url = await loopbackServer((req, res) => {
  seen++;
  req.resume();
  req.on('end', () => res.end('ok'));
});

/** 150 arrivals (50/s for 3 s) for a unique feeder of 120 rows, and a scenario whose request() throws on every 10th. */
async function run(
  name: string,
  exhausted: 'fail' | 'end',
  workers = 1,
): Promise<{ code: number | null; s: RunResult }> {
  const file = join(scratch, `${name}.load.ts`);
  await writeFile(
    file,
    `import { loadTest } from 'lptf/load';
export default loadTest({
  url: '${url}',
  rate: 50,
  duration: '3s',
  data: { users: { rows: Array.from({ length: 120 }, (_, i) => ({ id: i })), mode: 'unique', exhausted: '${exhausted}' } },
  scenarios: { signup: { request: { path: '/u/{{data.users.id}}' } } },
});
`,
  );
  const out = join(scratch, name);
  const r = await lptf(['run', file, '-q', '-o', out, '--workers', String(workers)]);
  return { code: r.code, s: JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as RunResult };
}

test('a unique feeder run dry: sent is what the target saw; the 30 arrivals it could not feed are unsent, data_exhausted, and not delivered', async () => {
  seen = 0;
  const { code, s } = await run('dry', 'fail');
  assertTargetFailed({ code, stdout: '', stderr: '' }, s);
  assert.equal(seen, 120);
  assert.equal(s.requests.sent, 120);
  assert.equal(s.requests.unsent, 30);
  assert.equal(s.requests.scheduled, 150);
  assert.equal(s.errors['data_exhausted'], 30);
  const check = (name: string) => s.checks.find((c) => c.name === name);
  assert.equal(check('delivered >= 95%')?.pass, false);
  assert.ok(Math.abs((check('delivered >= 95%')?.actual ?? 0) - 0.8) < 0.02, String(check('delivered >= 95%')?.actual));
  assert.equal(check('error_rate <= 1%')?.actual, 0.2);
  assert.ok(s.notes.some((n) => /30 arrival\(s\) never became a request \(data_exhausted 30\)/.test(n.en)));
});

test("exhausted: 'end' ends the run where the feeder runs dry, said, on one thread or two", async () => {
  for (const workers of [1, 2]) {
    seen = 0;
    const { code, s } = await run(`end-${workers}`, 'end', workers);
    assert.equal(code, 0, JSON.stringify(s.checks));
    assert.equal(seen, 120);
    assert.equal(s.requests.sent, 120);
    assert.equal(s.requests.unsent, 0);
    assert.equal(s.endedEarly, 'the unique feeder users ran dry: its 120 rows are used');
    assert.ok(s.elapsedSec < 2.7, String(s.elapsedSec));
    assert.ok(s.notes.some((n) => /The run ended at .* of its planned 3 s/.test(n.en)));
  }
});
