import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ServerSample } from '../../core/watch/index.js';
import { serverFigures, serverSeries, summarizeServer } from './server-result.js';

const sample = (atMs: number, memMB: number, cpu = 0.5): ServerSample => ({
  atMs,
  cpu,
  cpuUser: cpu * 0.75,
  cpuSystem: cpu * 0.25,
  memMB,
  threads: 4,
  fds: 10,
});

test("readings land on the run's seconds: before the start left out, two in one second averaged (counts: the last)", () => {
  const start = 1_000_000;
  const [s] = serverSeries(
    [
      {
        name: 'pid 1 (x)',
        kind: 'process',
        samples: [
          sample(start - 10, 1),
          sample(start + 900, 10),
          sample(start + 1100, 20),
          { ...sample(start + 1900, 30, 1.5), threads: 5, fds: 11 },
        ],
        vanishedAtMs: start + 2500,
        failed: 2,
      },
    ],
    start,
  );
  assert.deepEqual(s, {
    name: 'pid 1 (x)',
    kind: 'process',
    seconds: [
      { second: 1, cpu: 0.5, cpuUser: 0.375, cpuSystem: 0.125, memMB: 10, threads: 4, fds: 10 },
      { second: 2, cpu: 1, cpuUser: 0.75, cpuSystem: 0.25, memMB: 25, threads: 5, fds: 11 },
    ],
    vanishedAtSec: 3,
    failedReads: 2,
  });
});

test('memory growth is the least-squares trend over the seconds read, not last less first', () => {
  const leak = (sec: number, noise: number) => ({
    second: sec,
    cpu: 0.1,
    cpuUser: 0.1,
    cpuSystem: 0,
    memMB: 100 + 5 * sec + noise,
  });
  // 5 MB/s over seconds 1..20, with a garbage collection that drops 30 MB in the last second.
  const seconds = Array.from({ length: 20 }, (_, i) => leak(i + 1, i === 19 ? -30 : 0));
  const r = summarizeServer({ name: 'x', kind: 'process', seconds, failedReads: 0 });
  assert.ok(r.memGrowthMB !== null && r.memGrowthMB > 80 && r.memGrowthMB < 95, `growth ${r.memGrowthMB}`);
  assert.deepEqual(r.cpu, { min: 0.1, mean: 0.1, max: 0.1 });
  assert.equal(r.memMB?.max, 195);
  // A flat series grows by nothing; one reading says nothing.
  const flat = summarizeServer({
    name: 'y',
    kind: 'process',
    seconds: seconds.map((s) => ({ ...s, memMB: 50 })),
    failedReads: 0,
  });
  assert.equal(flat.memGrowthMB, 0);
  assert.equal(
    summarizeServer({ name: 'z', kind: 'host', seconds: seconds.slice(0, 1), failedReads: 0 }).memGrowthMB,
    null,
  );
});

test('the server checks judge the worst server', () => {
  const s = (cpu: number, mem: number[]) =>
    summarizeServer({
      name: String(cpu),
      kind: 'process',
      seconds: mem.map((memMB, i) => ({ second: i + 1, cpu, cpuUser: cpu, cpuSystem: 0, memMB })),
      failedReads: 0,
    });
  assert.deepEqual(serverFigures([s(0.2, [10, 20, 30]), s(0.9, [10, 10, 10])]), { cpu: 0.9, memGrowthMB: 20 });
  assert.deepEqual(serverFigures([]), { cpu: null, memGrowthMB: null });
});
