// The seed paper's straight test, ported: FastMethod / MediumMethod / SlowMethod timed as
// three phases, and its five-phase web page (sleeps of 1000/100/2000/50/50 ms).
// Run: node --import tsx examples/straight-test/seed-methods.ts
import { PhaseTimer, type PhaseTimerResult, phaseText } from '../../src/index.js';

/**
 * The paper's `MediumFactor` and `MaxFactor`: the inner loop counts of the medium and slow
 * methods. Settable, as the paper's properties are, which also keeps V8 from unrolling a loop
 * whose count it knows.
 */
export const factors = { medium: 10, max: 100 };

/** `factor` adds on 32-bit integers, as the paper's C# `int` (a sum that outgrew them would turn into slower doubles). */
function addUpTo(j: number, factor: number): number {
  for (let k = 0; k < factor; ++k) j = (j + k) | 0;
  return j;
}

/** One add per iteration. Returns the sum so the JIT cannot drop the loop. */
export function fastMethod(iterations: number): number {
  let j = 0;
  for (let i = 0; i < iterations; ++i) j = (j + i) | 0;
  return j;
}

/** `factors.medium` adds per iteration. */
export function mediumMethod(iterations: number): number {
  let j = 0;
  for (let i = 0; i < iterations; ++i) j = addUpTo(j, factors.medium);
  return j;
}

/** `factors.max` adds per iteration. */
export function slowMethod(iterations: number): number {
  let j = 0;
  for (let i = 0; i < iterations; ++i) j = addUpTo(j, factors.max);
  return j;
}

/** Blocks the thread like .NET's `Thread.Sleep`, precisely. */
export function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The paper's `RunSTest`: three methods, three phases. */
export function runSTest(iterations: number): PhaseTimerResult {
  const tr = new PhaseTimer({ name: 'RunSTest' }).start();
  let sink = fastMethod(iterations);
  tr.phaseEnd('Phase1');
  sink += mediumMethod(iterations);
  tr.phaseEnd('Phase2');
  sink += slowMethod(iterations);
  const result = tr.end('最后一个阶段');
  if (sink === -1) console.log(sink);
  return result;
}

/** The paper's web page: five phases of sleeps. */
export function webPageTest(): PhaseTimerResult {
  const tester = new PhaseTimer({ name: 'web page' }).start();
  sleepSync(1000);
  tester.phaseEnd('第一阶段');
  sleepSync(100);
  tester.phaseEnd('第二阶段');
  sleepSync(2000);
  tester.phaseEnd('第三阶段');
  sleepSync(50);
  tester.phaseEnd('第四阶段');
  sleepSync(50);
  return tester.end('第五阶段');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(phaseText(runSTest(5_000_000)));
  process.stdout.write(phaseText(webPageTest()));
}
