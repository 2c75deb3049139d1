import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunResult } from '../../result/index.js';
import { arrivalsIn, plannedLines, stageMarks } from './planned-rates.js';

type Target = RunResult['target'];
const target = (t: Partial<Target>): Target => ({ rate: 100, durationSec: 10, cases: [], ...t }) as Target;
const near = (a: readonly number[], b: readonly number[]) =>
  assert.ok(
    a.length === b.length && a.every((x, i) => Math.abs(x - (b[i] as number)) < 1e-9),
    `${a.join(',')} != ${b.join(',')}`,
  );

test('a ramp schedules, in each second, the integral of its straight lines; a constant rate stops at its end', () => {
  const ramp = {
    rate: 0,
    durationSec: 4,
    startRate: 0,
    stages: [
      { name: 'up', durationSec: 2, target: 100 },
      { name: 'hold', durationSec: 2, target: 100 },
    ],
  };
  near(
    [0, 1, 2, 3].map((i) => arrivalsIn(ramp, i, i + 1)),
    [25, 75, 100, 100],
  );
  // Across a stage's end, each side's own line.
  near([arrivalsIn(ramp, 1.5, 2.5)], [((75 + 100) / 2) * 0.5 + 100 * 0.5]);
  near([arrivalsIn({ rate: 10, durationSec: 2.5 }, 2, 3), arrivalsIn({ rate: 10, durationSec: 2.5 }, 3, 4)], [5, 0]);
});

test("each scenario's planned line: its own part's, or its share of the pool's; they add up to the whole", () => {
  const t = target({
    rate: 0,
    durationSec: 4,
    scenarios: [
      { name: 'browse', share: 0.6 },
      { name: 'buy', share: 0.2 },
      { name: 'burst', share: 0.2, steps: 2 },
    ],
    parts: [
      {
        scenario: 'burst',
        rate: 50,
        durationSec: 2,
        startRate: 0,
        stages: [{ name: 'burst.up', durationSec: 2, target: 100 }],
      },
      { rate: 75, durationSec: 4 },
    ],
  });
  const lines = plannedLines(t, 5);
  assert.deepEqual(
    lines?.map((l) => l.name),
    ['browse', 'buy', 'burst'],
  );
  // The pool's 75/s goes 3:1 to browse and buy (their shares of all the arrivals, 0.6 and 0.2).
  near(lines?.[0]?.perSecond ?? [], [56.25, 56.25, 56.25, 56.25, 0]);
  near(lines?.[1]?.perSecond ?? [], [18.75, 18.75, 18.75, 18.75, 0]);
  near(lines?.[2]?.perSecond ?? [], [25, 75, 0, 0, 0]);
  assert.deepEqual(stageMarks(t), [{ name: 'burst.up', atSec: 0 }]);
});

test('without parts, shares of the plan; without scenarios, case groups by their number of cases; a closed loop plans none', () => {
  const staged = target({
    rate: 50,
    durationSec: 2,
    startRate: 0,
    stages: [{ name: 'up', durationSec: 2, target: 100 }],
  });
  const two = plannedLines(
    {
      ...staged,
      scenarios: [
        { name: 'a', share: 0.75 },
        { name: 'b', share: 0.25 },
      ],
    },
    2,
  );
  near(two?.[0]?.perSecond ?? [], [18.75, 56.25]);
  near(two?.[1]?.perSecond ?? [], [6.25, 18.75]);
  const cases = [
    { group: 'normal', file: 'n.jsonl', count: 300 },
    { group: 'abnormal', file: 'a.jsonl', count: 100 },
  ];
  const byCases = plannedLines(target({ cases }), 2);
  assert.deepEqual(
    byCases?.map((l) => [l.name, l.perSecond]),
    [
      ['normal', [75, 75]],
      ['abnormal', [25, 25]],
    ],
  );
  assert.equal(plannedLines(target({ cases, connections: 8 }), 2), undefined);
  assert.equal(plannedLines(target({ cases: cases.slice(0, 1) }), 2), undefined);
  assert.deepEqual(stageMarks(staged), [{ name: 'up', atSec: 0 }]);
  assert.equal(stageMarks(target({})), undefined);
});
