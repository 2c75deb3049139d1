// lptf, mitata and tinybench side by side on the same three functions (bench/overhead/functions.ts),
// each tool run RUNS times in a fresh process: the median it reports for the empty function
// (its overhead per call), and the spread of its medians over the runs ((max - min) / median).
// Run: npm run bench:overhead
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { median } from '../src/bench/stats.js';

const RUNS = Number(process.env['RUNS'] ?? 10);
const TOOLS = ['lptf', 'mitata', 'tinybench'] as const;
const runner = fileURLToPath(new URL('./overhead/run-tool.ts', import.meta.url));
const results: Record<string, Record<string, number>[]> = {};
for (let r = 0; r < RUNS; r++) {
  // Interleaved, so drifts of the machine fall on every tool alike.
  for (const tool of TOOLS) {
    const out = execFileSync(process.execPath, ['--import', 'tsx', runner, tool], { encoding: 'utf8' });
    results[tool] ??= [];
    results[tool].push(JSON.parse(out.trim().split('\n').at(-1) as string) as Record<string, number>);
  }
  process.stderr.write(`run ${r + 1}/${RUNS}\n`);
}
const fns = ['empty', 'divide', 'oneMicrosecond'];
const fmt = (ns: number): string => (ns >= 100 ? ns.toFixed(0) : ns.toFixed(2));
console.log(`Node ${process.version}, ${process.platform}/${process.arch}; ${RUNS} fresh processes per tool\n`);
console.log(
  `| tool | ${fns.map((f) => `${f}: median ns`).join(' | ')} | ${fns.map((f) => `${f}: spread`).join(' | ')} |`,
);
console.log(`|---|${fns.map(() => '---:').join('|')}|${fns.map(() => '---:').join('|')}|`);
for (const tool of TOOLS) {
  const runs = results[tool] as Record<string, number>[];
  const meds = fns.map((f) => median(runs.map((x) => x[f] as number)));
  const spreads = fns.map((f) => {
    const xs = runs.map((x) => x[f] as number);
    return (Math.max(...xs) - Math.min(...xs)) / median(xs);
  });
  console.log(
    `| ${tool} | ${meds.map(fmt).join(' | ')} | ${spreads.map((s) => `${(100 * s).toFixed(1)}%`).join(' | ')} |`,
  );
}
