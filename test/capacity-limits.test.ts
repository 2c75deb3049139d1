// test-lane: loose (a capacity search whose generator is the limit, and bad input refused: it judges outcomes, timing nothing of its own; scripts/run-tests.mjs runs it at idle priority beside the timed lane)
// `lptf capacity` where the target is not the limit: a generator that cannot drive the load is
// named as the limit; bad input is refused before any traffic.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { queueTarget, readCapacity } from './helpers/capacity.js';
import { lptf } from './helpers/cli.js';
import { firstNodeOnly } from './helpers/first-node.js';
import { packageScratch } from './helpers/loopback.js';

const scratch = await packageScratch('capacity-limits-');

test('a generator that cannot drive the load is named as the limit, never taken for the target’s capacity', {
  skip: firstNodeOnly,
}, async () => {
  const { url } = await queueTarget(1_000_000);
  const file = join(scratch, 'slow-generator.load.ts');
  // Each request costs the generator 4 ms of its one thread: it cannot send much over 250/s.
  await writeFile(
    file,
    `import { loadTest } from 'lptf/load';
export default loadTest({
  url: '${url}',
  scenarios: {
    spin: {
      request: () => {
        const end = performance.now() + 4;
        while (performance.now() < end);
        return { path: '/' };
      },
    },
  },
});
`,
  );
  const out = join(scratch, 'generator');
  const run = await lptf([
    'capacity',
    file,
    '--max-rate',
    '2000',
    '--from-rate',
    '60',
    '--step',
    '2s',
    '-q',
    '-o',
    out,
  ]);
  assert.equal(run.code, 3, run.stderr + run.stdout);
  const r = await readCapacity(out);
  assert.equal(r.ended, 'generator');
  assert.equal(r.verdict, 'inconclusive');
  // Named the limit only once a step it could not drive was run again, with the same outcome.
  const [before, last] = r.steps.slice(-2);
  assert.equal(last?.outcome, 'generator');
  assert.equal(before?.outcome, 'generator');
  assert.equal(before?.rate, last?.rate);
  assert.match(before?.why.en ?? '', /; run once more, as one stall of the machine can do this$/);
  assert.doesNotMatch(last?.why.en ?? '', /run once more/);
  assert.match(
    r.said.en,
    /^The generator is the limit at \d+\/s .*the target's capacity is (above [\d,.]+\/s, the highest rate that passed|unknown), not measured/,
  );
});

test('bad input is refused before any traffic, every problem at once (exit 2)', async () => {
  const { url, paths } = await queueTarget(100);
  const run = await lptf([
    'capacity',
    `${url}/`,
    '--max-rate',
    '500',
    '--target-rate',
    '900',
    '--rate',
    '50',
    '--duration',
    '1m',
    '--precision',
    '0',
  ]);
  assert.equal(run.code, 2, run.stderr);
  assert.match(run.stderr, /--rate: a capacity search sets each step’s rate; give --max-rate/);
  assert.match(run.stderr, /--duration: each step lasts --step/);
  assert.match(run.stderr, /--precision: "0" is not a precision/);
  assert.match(run.stderr, /--target-rate: 900\/s is above --max-rate 500\/s/);
  assert.equal(paths.size, 0);
  const missing = await lptf(['capacity', `${url}/`]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /--max-rate/);
});

test('a signal stops the search: the step under way ends at once, and what was measured is reported and written (exit 130)', async () => {
  const { url } = await queueTarget(1_000_000);
  const out = join(scratch, 'stopped');
  // SIGTERM in the second step (a CI job's cancel); the first step, whole, is kept.
  const run = await lptf(
    ['capacity', `${url}/`, '--max-rate', '2000', '--from-rate', '50', '--step', '5s', '-o', out],
    { interruptOn: /^lptf capacity: step 2: /m, interruptAfterMs: 300, signal: 'SIGTERM' },
  );
  assert.equal(run.code, 130, run.stderr);
  assert.match(run.stderr, /stopping after this step’s answers/);
  const r = await readCapacity(out);
  assert.equal(r.ended, 'interrupted');
  assert.equal(r.verdict, 'inconclusive');
  assert.deepEqual(
    r.steps.map((s) => [s.rate, s.outcome]),
    [[50, 'pass']],
  );
  assert.match(r.said.en, /^Stopped before the search ended; the highest rate that passed so far: 50\/s/);
  // The step under way stopped when asked, not at its planned end (4.7 s later).
  assert.ok(run.interruptedAt !== undefined && performance.now() - run.interruptedAt < 3000, 'the search ended late');
});
