// test-lane: timed (it times events of whole processes in seconds: a signal, a kill, a watchdog; at idle priority their start-up alone can take longer)
// The signal matrix (hostile round 3): in every phase of a run (its load file loading, the
// warm-up, the schedule, the drain of a target that never answers, teardown()) SIGINT and SIGTERM
// each end lptf within 2 s, on one thread and on two, with the outputs whole or marked incomplete.
// (Writing the results: test/signals.test.ts; user code that holds the loop: test/wedged-code.test.ts.)
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { CLI } from './helpers/cli.js';
import { loopbackServer, packageScratch } from './helpers/loopback.js';

const scratch = await packageScratch('signal-matrix-');
// Answers after 200 ms, but never a request to /never.
const url = await loopbackServer((req, res) => {
  if (req.url === '/never') return;
  setTimeout(() => res.end('ok'), 200);
});

type Phase = 'loading' | 'warm-up' | 'schedule' | 'drain' | 'teardown';

/** A load file that holds `phase` for 20 s; and when, after lptf starts, it is surely in it. */
async function fileFor(phase: Phase): Promise<{ file: string; signalAtMs: number }> {
  const file = join(scratch, `${phase}.load.ts`);
  const hold = 'await new Promise((r) => setTimeout(r, 20_000))';
  const options = {
    loading: `rate: 20, duration: '2s'`,
    'warm-up': `rate: 20, duration: '2s', warmup: 400`,
    schedule: `rate: 20, duration: '20s'`,
    drain: `rate: 20, duration: '1s', timeout: '30s', scenarios: { never: { request: { path: '/never' } } }`,
    teardown: `rate: 20, duration: '1s', teardown: async () => { ${hold}; }`,
  }[phase];
  await writeFile(
    file,
    `import { loadTest } from 'lptf/load';
${phase === 'loading' ? `${hold};\n` : ''}export default loadTest({ url: '${url}', ${options} });
`,
  );
  // About 1 s to start; the drain and teardown come after a 1 s schedule.
  const signalAtMs = { loading: 1000, 'warm-up': 2000, schedule: 2000, drain: 3000, teardown: 3500 }[phase];
  return { file, signalAtMs };
}

for (const phase of ['loading', 'warm-up', 'schedule', 'drain', 'teardown'] as const)
  for (const workers of [1, 2])
    test(`${phase}, ${workers === 1 ? 'one thread' : '-w 2'}: SIGINT and SIGTERM each end lptf within 2 s, the outputs whole or marked`, {
      timeout: 60_000,
    }, async () => {
      const { file, signalAtMs } = await fileFor(phase);
      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        const out = join(scratch, `${phase}-${workers}-${signal}`);
        const child = spawn(process.execPath, [CLI, 'run', file, '-q', '-o', out, '-w', String(workers)], {
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        let stderr = '';
        child.stderr.on('data', (c: Buffer) => (stderr += c));
        const timer = setTimeout(() => child.kill(signal), signalAtMs);
        const signalled = performance.now() + signalAtMs;
        const [code, by] = (await once(child, 'exit')) as [number | null, string | null];
        clearTimeout(timer);
        const afterMs = performance.now() - signalled;
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
