// One run of one tool over the three functions; prints their medians in ns as JSON.
// Used by bench/bench-overhead.ts, which starts a fresh process per run.

import { bench as mitataBench, run as mitataRun } from 'mitata';
import { Bench } from 'tinybench';
import { DEFAULT_MEASURE, measureSuite, suite, summarizeSuite } from '../../src/bench/index.js';
import { FUNCTIONS } from './functions.js';

const tool = process.argv[2];
const names = Object.keys(FUNCTIONS) as (keyof typeof FUNCTIONS)[];
const out: Record<string, number> = {};

if (tool === 'lptf') {
  const s = suite('overhead', { benchmarks: FUNCTIONS });
  const raw = await measureSuite(s, DEFAULT_MEASURE);
  for (const p of summarizeSuite('overhead', '-', null, ['default'], raw).pairs)
    out[p.benchmark] = p.medianNs ?? Number.NaN;
} else if (tool === 'mitata') {
  for (const n of names) mitataBench(n, FUNCTIONS[n]);
  const r = await mitataRun({ format: 'quiet' });
  for (const t of r.benchmarks) out[t.alias] = t.runs[0]?.stats?.p50 ?? Number.NaN;
} else if (tool === 'tinybench') {
  const b = new Bench({ time: 500 });
  for (const n of names) b.add(n, FUNCTIONS[n]);
  await b.run();
  for (const t of b.tasks) {
    const r = t.result as { latency?: { p50?: number } };
    out[t.name] = (r.latency?.p50 ?? Number.NaN) * 1e6;
  }
} else throw new Error(`unknown tool ${tool}`);
process.stdout.write(`${JSON.stringify(out)}\n`);
