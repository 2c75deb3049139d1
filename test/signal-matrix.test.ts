// test-lane: seconds (it times events of whole processes in seconds: a signal, a kill, a watchdog; scripts/run-tests.mjs runs it at normal priority on one core, as at idle priority their start-up alone can take longer)
// The signal matrix (hostile round 3): in every phase of a run (its load file loading, the
// warm-up, the schedule, the drain of a target that never answers, teardown()) SIGINT and SIGTERM
// each end lptf within 2 s, on one thread and on two, with the outputs whole or marked incomplete.
// (Writing the results: test/signals.test.ts; user code that holds the loop: test/wedged-code.test.ts.)
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { lptf } from './helpers/cli.js';
import { loopbackServer, packageScratch } from './helpers/loopback.js';

const scratch = await packageScratch('signal-matrix-');
// Answers after 200 ms, but never a request to /never.
const url = await loopbackServer((req, res) => {
  if (req.url === '/never') return;
  setTimeout(() => res.end('ok'), 200);
});

type Phase = 'loading' | 'warm-up' | 'schedule' | 'drain' | 'teardown';

/**
 * A load file that holds `phase` for 20 s; and how to know lptf is in it: a line on stderr (the
 * file's own, or lptf's start line, said once the file is loaded and just before the warm-up and
 * the schedule) and how long after it. Waiting for the line, not a fixed time from the spawn, keeps
 * each signal in its phase however slowly the processes start.
 */
async function fileFor(phase: Phase): Promise<{ file: string; sign: RegExp; afterMs: number }> {
  const file = join(scratch, `${phase}.load.ts`);
  const hold = 'await new Promise((r) => setTimeout(r, 20_000))';
  const say = (what: string) => `process.stderr.write('signal-matrix: ${what}\\n')`;
  const options = {
    loading: `rate: 20, duration: '2s'`,
    'warm-up': `rate: 20, duration: '2s', warmup: 400`,
    schedule: `rate: 20, duration: '20s'`,
    drain: `rate: 20, duration: '1s', timeout: '30s', scenarios: { never: { request: { path: '/never' } } }`,
    teardown: `rate: 20, duration: '1s', teardown: async () => { ${say('teardown')}; ${hold}; }`,
  }[phase];
  await writeFile(
    file,
    `import { loadTest } from 'lptf/load';
${phase === 'loading' ? `${say('loading')};\n${hold};\n` : ''}export default loadTest({ url: '${url}', ${options} });
`,
  );
  const started = /^lptf: .*; Ctrl-C stops and still reports$/m;
  // The warm-up (400 arrivals) and the schedule (20 s) begin within a few hundred ms of the start
  // line; the drain of a 1 s schedule comes after it, its requests never answered.
  const when = {
    loading: { sign: /^signal-matrix: loading$/m, afterMs: 300 },
    'warm-up': { sign: started, afterMs: 1000 },
    schedule: { sign: started, afterMs: 1000 },
    drain: { sign: started, afterMs: 2000 },
    teardown: { sign: /^signal-matrix: teardown$/m, afterMs: 300 },
  }[phase];
  return { file, ...when };
}

/** Runs lptf on `file`, sends `signal` `afterMs` after `sign` appears on its stderr; what came of it. */
async function signalled(
  file: string,
  workers: number,
  signal: 'SIGINT' | 'SIGTERM',
  sign: RegExp,
  afterMs: number,
  out: string,
): Promise<{ code: number | null; by: string | null; afterMs: number; stderr: string }> {
  const r = await lptf(['run', file, '-o', out, '-w', String(workers)], {
    interruptOn: sign,
    interruptAfterMs: afterMs,
    signal,
  });
  assert.ok(
    r.interruptedAt !== undefined,
    `${signal}: lptf never reached its phase (${sign}); exit ${r.code ?? r.signal}\n${r.stderr}`,
  );
  return { code: r.code, by: r.signal ?? null, afterMs: performance.now() - r.interruptedAt, stderr: r.stderr };
}

for (const phase of ['loading', 'warm-up', 'schedule', 'drain', 'teardown'] as const)
  for (const workers of [1, 2])
    test(`${phase}, ${workers === 1 ? 'one thread' : '-w 2'}: SIGINT and SIGTERM each end lptf within 2 s, the outputs whole or marked`, {
      timeout: 60_000,
    }, async () => {
      const { file, sign, afterMs: wait } = await fileFor(phase);
      // One after the other: side by side on the seconds lane's one core, the first signalled
      // run's end (a -w 2 warm-up's) shared the core with the other's warm-up and took 2.1 s.
      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        const out = join(scratch, `${phase}-${workers}-${signal}`);
        const { code, by, afterMs, stderr } = await signalled(file, workers, signal, sign, wait, out);
        const how = `${signal}: exit ${code ?? by} ${Math.round(afterMs)} ms after it; ${stderr}`;
        process.stdout.write(
          `# signal matrix: ${phase}, -w ${workers}, ${signal}: exit ${code ?? by} ${Math.round(afterMs)} ms after it\n`,
        );
        assert.ok(afterMs < 2000, how);
        if (phase === 'loading') {
          // Nothing measured yet: the signal's own end, and no folder made.
          assert.equal(by, signal, how);
          assert.ok(!existsSync(join(out, 'summary.json')), how);
          continue;
        }
        assert.equal(code, 130, how);
        // Whole (its summary says interrupted), or marked incomplete with what it measured.
        const whole = existsSync(join(out, 'summary.json')) && !existsSync(join(out, 'incomplete.json'));
        if (whole) {
          const s = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as { interrupted: boolean };
          assert.ok(s.interrupted || phase === 'teardown', how);
        } else assert.ok(existsSync(join(out, 'incomplete.json')), how);
      }
    });
