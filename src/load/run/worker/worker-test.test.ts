// test-lane: timed (scripts/run-tests.mjs runs it at normal priority, one timed file at a time)
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import type { PlanInput } from '../../plan/index.js';
import { resolvePlan } from '../../plan/index.js';
import type { ProgressSnapshot } from '../../progress/index.js';
import { startLoadTest } from '../start-load-test.js';

// Traffic only to 127.0.0.1, 600 requests.
let server: Server;
before(async () => {
  server = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

test('with worker threads, progress merges their reports each second and the result merges all', async () => {
  const where = 'test';
  const layers: PlanInput[] = [
    {
      url: { value: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, where },
      rate: { value: 200, where },
      duration: { value: '3s', where },
      workers: { value: 2, where },
      checks: { value: ['share(<=170ms) >= 95%'], where },
    },
  ];
  const snapshots: ProgressSnapshot[] = [];
  const closedSeconds: number[] = [];
  const test = startLoadTest(await resolvePlan(layers), {
    layers,
    onProgress: (s, view) => {
      snapshots.push(s);
      closedSeconds.push(view.series.closed().reduce((n, x) => n + x.sent, 0));
    },
  });
  const result = await test.result;
  assert.equal(result.requests.sent, 600);
  assert.equal(
    result.series.reduce((n, s) => n + s.sent, 0),
    600,
  );
  assert.ok(snapshots.length >= 2, `${snapshots.length} progress reports`);
  const sent = snapshots.map((s) => s.sent);
  assert.deepEqual(
    [...sent].sort((a, b) => a - b),
    sent,
    'sent never goes back',
  );
  assert.ok((sent.at(-1) ?? 0) >= 200 && (sent.at(-1) ?? 0) <= 600, `last progress: ${sent.join(', ')}`);
  // Both workers' seconds are in the view: about 200 sent a second, not 100.
  assert.ok(
    closedSeconds.some((n) => n >= 190),
    `closed seconds held ${closedSeconds.join(', ')} sends`,
  );
  // The target's check passes in the merged view. The run's own checks (its generator on time,
  // its plan delivered) may fail where the machine stalls its threads (CI, while the idle lanes
  // started: a send late by over 10 ms), and the live verdict then says failing; nothing else may.
  const last = snapshots.at(-1);
  assert.ok(last?.checks.find((c) => c.name === 'share(<=170ms) >= 95%')?.pass, JSON.stringify(last?.checks));
  const failing = last?.checks.filter((c) => !c.pass).map((c) => c.name) ?? [];
  assert.ok(
    failing.every((name) => /^(send_lateness_p99|delivered) /.test(name)),
    `failing: ${failing.join(', ')}`,
  );
  assert.equal(last?.verdict, failing.length === 0 ? 'passing' : 'failing');
  const m = await test.measurement;
  assert.equal(m.recorder.overall.sent, 600);
});
