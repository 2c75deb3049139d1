import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BenchRunResult, SuiteResult } from './bench-result.js';
import { drift } from './compare-runs.js';

const suite = (calibrationNs: number, floor: number): SuiteResult => ({
  name: 'work',
  file: 'work.bench.ts',
  baseline: 'a',
  cases: ['default'],
  pairs: [],
  overheadNs: 0.5,
  calibrationNs,
  noiseFloor: { ratio: 1, low: 1 - floor, high: 1 + floor, containsOne: true },
  error: null,
});
const run = (cpus: number, node: string, s: SuiteResult): BenchRunResult => ({
  schema: 'lptf.bench/1',
  startedAt: '2026-12-06T00:00:00Z',
  meta: { node, platform: 'linux', arch: 'x64', cpus, command: 'lptf bench' },
  options: { rounds: 30, sampleMs: 2, seed: 1, isolate: 'worker', gc: false },
  suites: [s],
});

test('--compare says what differs besides the code: the machine, its speed, the noise floor', () => {
  assert.deepEqual(drift(run(2, 'v20.20.2', suite(670, 0.01)), run(2, 'v20.20.2', suite(690, 0.012))), []);
  const lines = drift(run(8, 'v20.11.0', suite(670, 0.01)), run(2, 'v20.20.2', suite(800, 0.05)));
  assert.equal(lines.length, 3, lines.join('\n'));
  assert.match(
    lines[0] ?? '',
    /another machine or Node \(linux\/x64, 8 CPUs, Node v20\.11\.0; now linux\/x64, 2 CPUs, Node v20\.20\.2\)/,
  );
  assert.match(lines[1] ?? '', /work: this machine's calibration loop ran 1\.19× slower than when the run was saved/);
  assert.match(lines[2] ?? '', /work: the noise floor was ±1% then and is ±5% now/);
});
