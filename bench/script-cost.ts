/**
 * What a load file's code costs the generator: lptf at 5000/s against a loopback target, the same
 * request three ways, alternating, ROUNDS times each, in one run:
 * - `flags`: the URL template on the command line (`/items/{{seq}}`), no load file;
 * - `template`: a load file whose one scenario is that template;
 * - `script`: a load file whose scenario builds the request in code and checks each answer's body.
 * Each is run SHORT and SECONDS long; the difference of the two takes out what a run spends once
 * (importing the load file, tsx, connections), so the ratios are what a long run pays per request.
 * It prints the generator's CPU per request (from summary.json) at the margin and over each run,
 * and the ratios to `flags`. The goal: `script` at 1.2 times `flags` or less.
 *
 * Run: npm run bench:script   (BENCH_SECONDS=20 BENCH_ROUNDS=5 for longer; defaults 10 and 3)
 */
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunResult } from '../src/load/result/index.js';
import { cpuPerRequest } from './cpu-margin.js';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
const SHORT = 3;
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const RATE = 5000;
const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));
const CLI = here('../dist/cli/main.js');
const CONFIGS = ['flags', 'template', 'script'] as const;
type Config = (typeof CONFIGS)[number];

const target: ChildProcess = fork(here('./target-server.mjs'), ['1'], {
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const [{ port }] = (await once(target, 'message')) as [{ port: number }];
const origin = `http://127.0.0.1:${port}`;
// Inside the package, so the files' `import … from 'lptf/load'` resolves to this build.
await mkdir(here('../.scratch'), { recursive: true });
const work = await mkdtemp(join(here('../.scratch'), 'bench-script-'));
const files: Record<Exclude<Config, 'flags'>, string> = {
  template: join(work, 'template.load.ts'),
  script: join(work, 'script.load.ts'),
};
await writeFile(
  files.template,
  `import { loadTest } from 'lptf/load';
export default loadTest({ url: '${origin}', scenarios: { items: { request: { path: '/items/{{seq}}' } } } });
`,
);
await writeFile(
  files.script,
  `import { loadTest } from 'lptf/load';
export default loadTest({
  url: '${origin}',
  scenarios: {
    items: {
      request: (ctx) => ({ path: \`/items/\${ctx.seq}\` }),
      check: (res) => res.text === 'ok' || \`unexpected body \${res.text.slice(0, 20)}\`,
    },
  },
});
`,
);

interface Row {
  readonly config: Config;
  readonly seconds: number;
  readonly sent: number;
  readonly failed: number;
  readonly cpuMs: number;
  readonly cpuPerRequestUs: number;
  readonly latenessP99: number;
}

async function run(config: Config, seconds: number, round: number): Promise<Row> {
  const out = join(work, `${config}-${seconds}-${round}`);
  const what = config === 'flags' ? [`${origin}/items/{{seq}}`] : [files[config]];
  const child = spawn(
    process.execPath,
    [CLI, 'run', ...what, '-r', String(RATE), '-d', `${seconds}s`, '-q', '-o', out],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  await once(child, 'close');
  const s = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as RunResult;
  target.send('take');
  await once(target, 'message');
  return {
    config,
    seconds,
    sent: s.requests.sent,
    failed: s.requests.failed,
    cpuMs: s.generator.cpuUserMs + s.generator.cpuSystemMs,
    cpuPerRequestUs: s.generator.cpuPerRequestUs ?? Number.NaN,
    latenessP99: s.generator.latenessMs.p99 ?? Number.NaN,
  };
}

const rows: Row[] = [];
for (let round = 0; round < ROUNDS; round++) {
  // A different order each round, so no configuration always runs on a warmer machine.
  const order = CONFIGS.map((_, k) => CONFIGS[(k + round) % CONFIGS.length] as Config);
  for (const config of order) for (const seconds of [SHORT, SECONDS]) rows.push(await run(config, seconds, round));
}
target.kill();
await rm(work, { recursive: true, force: true });

const marginal = (config: Config): number => cpuPerRequest(rows, config, SHORT, SECONDS).marginal;
const whole = (config: Config): number => cpuPerRequest(rows, config, SHORT, SECONDS).whole;

console.log(
  `lptf at ${RATE}/s, runs of ${SHORT} s and ${SECONDS} s, ${ROUNDS} rounds; the target answers "ok" after 1 ms\n`,
);
console.log('config    length  sent    failed  CPU µs/request  send lateness p99');
for (const r of rows)
  console.log(
    `${r.config.padEnd(8)}  ${`${r.seconds} s`.padStart(6)}  ${String(r.sent).padStart(6)}  ${String(r.failed).padStart(6)}  ${r.cpuPerRequestUs.toFixed(1).padStart(14)}  ${`${r.latenessP99.toFixed(2)} ms`.padStart(17)}`,
  );
console.log('\nconfig    CPU µs/request at the margin  ratio to flags  over the whole run  ratio to flags');
for (const c of CONFIGS)
  console.log(
    `${c.padEnd(8)}  ${marginal(c).toFixed(1).padStart(28)}  ${(marginal(c) / marginal('flags')).toFixed(3).padStart(14)}  ${whole(c).toFixed(1).padStart(18)}  ${(whole(c) / whole('flags')).toFixed(3).padStart(14)}`,
  );
const ratio = marginal('script') / marginal('flags');
console.log(`\nscript/flags at the margin: ${ratio.toFixed(3)} (goal <= 1.20: ${ratio <= 1.2 ? 'met' : 'MISSED'})`);
