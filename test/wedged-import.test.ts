// test-lane: untimed (a 30 s bound, loosely asserted: scripts/run-tests.mjs runs it beside the timed tests)
// A load file whose top level never returns (`while (true) {}`) held lptf, and a CI job, for ever
// (hostile N8): its watchdog ends it 30 s into the held loop, saying why. A signal ends it at once.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { CLI } from './helpers/cli.js';
import { packageScratch } from './helpers/loopback.js';

const scratch = await packageScratch('wedged-import-');

async function loopFile(): Promise<string> {
  const file = join(scratch, 'loop.load.ts');
  await writeFile(
    file,
    `import { loadTest } from 'lptf/load';
while (true) {}
export default loadTest({ url: 'http://127.0.0.1:9/', rate: 1, duration: '1s' });
`,
  );
  return file;
}

function run(
  file: string,
  signalAtMs?: number,
): Promise<{ code: number | null; signal: string | null; stderr: string; ms: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, 'run', file], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c));
  const timer = signalAtMs === undefined ? undefined : setTimeout(() => child.kill('SIGTERM'), signalAtMs);
  return once(child, 'exit').then(([code, signal]) => {
    clearTimeout(timer);
    return { code: code as number | null, signal: signal as string | null, stderr, ms: performance.now() - started };
  });
}

test('a load file that loops at its top level is ended 30 s into the loop, with why; nothing is sent', {
  timeout: 90_000,
}, async () => {
  const r = await run(await loopFile());
  assert.equal(r.signal, 'SIGKILL', `exit ${r.code}: ${r.stderr}`);
  assert.ok(r.ms >= 30_000 && r.ms < 60_000, `${Math.round(r.ms)} ms`);
  assert.equal(
    r.stderr,
    'lptf: the load file has held the event loop for 30 s while loading (a loop at its top level?); nothing was sent. Ended (exit 137).\n',
  );
});

test('SIGTERM while a load file loops at its top level ends lptf at once', { timeout: 30_000 }, async () => {
  const r = await run(await loopFile(), 2000);
  assert.equal(r.signal, 'SIGTERM', `exit ${r.code}: ${r.stderr}`);
  assert.ok(r.ms < 4000, `${Math.round(r.ms)} ms`);
});
