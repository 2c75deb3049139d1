// The phase timer's own cost per phaseEnd, beside what Node offers for the same job
// (performance.mark/measure), in one run. Prints µs per boundary and ratios.
// Run: npm run bench:phases
import { performance } from 'node:perf_hooks';
import { RequestTimer } from '../src/timing/index.js';
import { PhaseTimer } from '../src/timing/phases/index.js';

const N = 20_000;
const ROUNDS = 5;

function timeIt(fn: () => void): number {
  const best: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = performance.now();
    fn();
    best.push(((performance.now() - t0) * 1000) / N);
  }
  return best.sort((a, b) => a - b)[Math.floor(ROUNDS / 2)] as number;
}

const cases: [string, () => void][] = [
  [
    'performance.now() pair (floor)',
    () => {
      let s = 0;
      for (let i = 0; i < N; i++) s += performance.now() - performance.now();
      if (s > 1) console.log(s);
    },
  ],
  [
    'lptf PhaseTimer, all on (default)',
    () => {
      const t = new PhaseTimer({ maxPhases: N }).start();
      for (let i = 0; i < N; i++) t.phaseEnd('phase');
    },
  ],
  [
    'lptf PhaseTimer, memory: false',
    () => {
      const t = new PhaseTimer({ maxPhases: N, memory: false }).start();
      for (let i = 0; i < N; i++) t.phaseEnd('phase');
    },
  ],
  [
    'lptf PhaseTimer, memory and gc off',
    () => {
      const t = new PhaseTimer({ maxPhases: N, memory: false, gc: false }).start();
      for (let i = 0; i < N; i++) t.phaseEnd('phase');
    },
  ],
  [
    'performance.mark + measure (wall only), cleared',
    () => {
      performance.mark('p0');
      for (let i = 0; i < N; i++) {
        performance.mark(`p${i + 1}`);
        performance.measure(`m${i}`, `p${i}`, `p${i + 1}`);
      }
      performance.clearMarks();
      performance.clearMeasures();
    },
  ],
];

const rows = cases.map(([name, fn]) => [name, timeIt(fn)] as const);
const base = rows.find(([n]) => n.startsWith('lptf PhaseTimer, memory and gc off'))![1];
console.log(
  `Cost per phase boundary, median of ${ROUNDS} rounds of ${N} (Node ${process.version}, ${process.platform}/${process.arch})\n`,
);
console.log('| what | µs per boundary | × lptf (memory and gc off) |\n|---|---:|---:|');
for (const [name, us] of rows) console.log(`| ${name} | ${us.toFixed(2)} | ${(us / base).toFixed(2)} |`);

// The web middleware's own cost per request: a timer, three phases and the header it sends.
const perRequest = timeIt(() => {
  let n = 0;
  for (let i = 0; i < N; i++) {
    const t = new RequestTimer();
    t.phaseEnd('read');
    t.phaseEnd('db');
    t.phaseEnd('render page');
    n += t.header().length;
  }
  if (n < 0) console.log(n);
});
console.log(`\nServer-Timing middleware, per request (timer + 3 phases + header): ${perRequest.toFixed(2)} µs`);
