// test-lane: alone (the capacity search on two threads beside its own target: scripts/run-tests.mjs runs it first, with only the idle lanes beside)
// `lptf capacity` end to end: a target that holds a known rate, found within its bounds; a
// generator that cannot drive the load named as the limit; bad input refused before any traffic.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { test } from 'node:test';
import type { CapacityResult } from '../src/load/capacity/capacity-result.js';
import { lptf } from './helpers/cli.js';
import { firstNodeOnly } from './helpers/first-node.js';
import { loopbackServer, packageScratch } from './helpers/loopback.js';

const scratch = await packageScratch('capacity-');

/**
 * A target that answers at most `capacity` requests a second, first come first served: offered
 * more, its queue grows and so does its latency (a server at its limit). Counts by path.
 */
async function queueTarget(capacity: number): Promise<{ url: string; paths: Map<string, number> }> {
  const queue: ServerResponse[] = [];
  const paths = new Map<string, number>();
  let served = 0;
  let first: number | undefined;
  const timer = setInterval(() => {
    if (first === undefined) return;
    const due = Math.floor(((performance.now() - first) / 1000) * capacity);
    while (served < due) {
      const res = queue.shift();
      if (!res) {
        served = due;
        break;
      }
      res.end('ok');
      served++;
    }
  }, 2);
  timer.unref();
  const url = await loopbackServer((req, res) => {
    first ??= performance.now();
    paths.set(req.url ?? '/', (paths.get(req.url ?? '/') ?? 0) + 1);
    req.resume();
    queue.push(res);
  });
  return { url, paths };
}

const read = async (dir: string): Promise<CapacityResult> =>
  JSON.parse(await readFile(join(dir, 'capacity.json'), 'utf8')) as CapacityResult;

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
  const r = await read(out);
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
  const r = await read(out);
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
