// test-lane: alone (the capacity search on two threads beside its own target: scripts/run-tests.mjs runs it first, with only the idle lanes beside)
// `lptf capacity` end to end: a target that holds a known rate, found within its bounds (where
// the generator is the limit, and bad input: capacity-limits.test.ts).
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { queueTarget, readCapacity } from './helpers/capacity.js';
import { lptf } from './helpers/cli.js';
import { firstNodeOnly } from './helpers/first-node.js';
import { packageScratch } from './helpers/loopback.js';

const scratch = await packageScratch('capacity-');

test('a target that holds 400/s, two scenarios on two threads: found within −10%/+2%, confirmed, the mix kept, with its knee and headroom, in every format', {
  skip: firstNodeOnly,
}, async () => {
  const { url, paths } = await queueTarget(400);
  const file = join(scratch, 'mix.load.ts');
  await writeFile(
    file,
    `import { loadTest } from 'lptf/load';
export default loadTest({
  url: '${url}',
  checks: ['p(99) <= 150ms'],
  scenarios: {
    browse: { weight: 3, request: { path: '/browse' } },
    buy: { weight: 1, request: { path: '/buy' } },
  },
});
`,
  );
  const out = join(scratch, 'queue');
  const run = await lptf([
    'capacity',
    file,
    '--max-rate',
    '1600',
    '--from-rate',
    '150',
    '--precision',
    '5%',
    '--step',
    '3s',
    '--workers',
    '2',
    '--target-rate',
    '100',
    '-q',
    '-o',
    out,
    '--format',
    'html',
  ]);
  assert.equal(run.code, 0, run.stderr + run.stdout);
  const r = await readCapacity(out);
  const steps = r.steps.map((s) => `${s.rate}/s ${s.outcome}: ${s.why.en}`).join('\n');
  assert.equal(r.ended, 'found', steps);
  assert.ok(r.capacity !== null && r.capacity >= 360 && r.capacity <= 408, `capacity ${r.capacity}`);
  assert.equal(r.confirmed, true);
  assert.equal(r.verdict, 'pass');
  assert.ok(r.headroom !== null && r.headroom >= 3.6 && r.headroom <= 4.08, String(r.headroom));
  assert.ok(r.steps.some((s) => s.outcome === 'fail'));
  // A step the generator could not drive (a stall of this machine) ran once more, and the search went on.
  for (const [i, s] of r.steps.entries())
    if (s.outcome === 'generator') assert.equal(r.steps[i + 1]?.rate, s.rate, steps);
  assert.match(
    run.stdout,
    /Capacity: \d+(\.\d)?\/s, the highest rate that passed every check \(confirmed by a second run\)/,
  );
  assert.match(run.stdout, /100\/s has \d+(\.\d+)?× headroom/);
  // The total rate is searched, each step keeping the file's mix.
  assert.equal(r.target.workers, 2);
  assert.deepEqual(
    r.target.scenarios?.map((s) => [s.name, s.share]),
    [
      ['browse', 0.75],
      ['buy', 0.25],
    ],
  );
  const browse = paths.get('/browse') ?? 0;
  const buy = paths.get('/buy') ?? 0;
  assert.ok(Math.abs(browse / (browse + buy) - 0.75) < 0.02, `${browse} : ${buy}`);
  // Read back, checked, in any format; the page draws latency against the rate.
  const md = await lptf(['report', join(out, 'capacity.json'), '--format', 'md']);
  assert.equal(md.code, 0, md.stderr);
  assert.match(md.stdout, /^# lptf capacity/);
  assert.match(await readFile(join(out, 'capacity.html'), 'utf8'), /data-chart="capacity"/);
  const crafted = join(scratch, 'crafted.json');
  await writeFile(crafted, JSON.stringify({ ...r, steps: [{ ...r.steps[0], rate: -5 }] }));
  const bad = await lptf(['report', crafted]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /steps\.0\.rate/);
});
