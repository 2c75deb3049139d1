import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BenchRunResult } from './bench-result.js';
import { compareRuns } from './compare-runs.js';
import { HIDDEN } from './hidden.js';
import type { RawPair } from './measure-suite.js';
import { summarizeSuite } from './summarize.js';

const raw = (benchmark: string, samplesNs: number[], extra: Partial<RawPair> = {}): RawPair => ({
  benchmark,
  case: benchmark.startsWith('(') && benchmark !== HIDDEN.copy ? '-' : 'c',
  hidden: benchmark.startsWith('('),
  batch: 100,
  samplesNs,
  valid: true,
  invalid: null,
  error: null,
  bytesPerOp: 0,
  ...extra,
});

test('ratios come from paired rounds, normalised time from the calibration loop, the noise floor from the copy', () => {
  const base = [100, 110, 90, 105, 95];
  const s = summarizeSuite(
    's',
    'f.ts',
    'base',
    ['c'],
    [
      raw('base', base),
      // Each round exactly 3× the baseline's, whatever the round's noise.
      raw(
        'triple',
        base.map((x) => 3 * x),
      ),
      raw(
        HIDDEN.copy,
        base.map((x) => x * 1.001),
      ),
      raw(HIDDEN.empty, [1, 1, 1, 1, 1]),
      raw(HIDDEN.calibration, [50, 50, 50, 50, 50]),
    ],
  );
  const triple = s.pairs.find((p) => p.benchmark === 'triple')!;
  assert.deepEqual([triple.ratio, triple.ratioLow, triple.ratioHigh], [3, 3, 3]);
  assert.equal(triple.medianNs, 300);
  assert.equal(triple.normalized, 6);
  assert.equal(triple.opsPerSec, 3333330, 'six significant digits');
  assert.deepEqual(s.pairs.find((p) => p.benchmark === 'base')!.ratio, 1);
  assert.deepEqual(s.noiseFloor, { ratio: 1.001, low: 1.001, high: 1.001, containsOne: false });
  assert.equal(s.overheadNs, 1);
  assert.equal(s.pairs.length, 2, 'hidden pairs are not reported as benchmarks');
});

test('a benchmark no slower than the empty function is warned about; errors carry no figures', () => {
  const s = summarizeSuite(
    's',
    'f.ts',
    null,
    ['c'],
    [raw('noop', [1, 1.02, 0.99, 1, 1]), raw('broken', [], { error: 'Error: x' }), raw(HIDDEN.empty, [1, 1, 1, 1, 1])],
  );
  assert.match(s.pairs[0]!.warnings[0]!, /indistinguishable from an empty function/);
  assert.deepEqual([s.pairs[1]!.medianNs, s.pairs[1]!.error], [null, 'Error: x']);
  assert.equal(s.noiseFloor, null);
});

test('compareRuns: only a whole interval beyond the threshold is a regression or an improvement', () => {
  const run = (scale: number, spread = 0.01): BenchRunResult =>
    ({
      suites: [
        {
          name: 's',
          pairs: ['a'].map((b) => ({
            benchmark: b,
            case: 'c',
            medianNs: 100 * scale,
            samplesNs: Array.from({ length: 40 }, (_, i) => 100 * scale * (1 + spread * Math.sin(i))),
          })),
        },
      ],
    }) as unknown as BenchRunResult;
  assert.equal(compareRuns(run(1.2), run(1))[0]!.verdict, 'regression');
  assert.equal(compareRuns(run(0.8), run(1))[0]!.verdict, 'improvement');
  assert.equal(compareRuns(run(1.01), run(1))[0]!.verdict, 'unchanged');
  assert.equal(compareRuns(run(1.06, 0.2), run(1, 0.2))[0]!.verdict, 'inconclusive');
});
