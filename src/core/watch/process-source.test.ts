// test-lane: timed (scripts/run-tests.mjs runs it at normal priority, one timed file at a time)
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import { processSource } from './process-source.js';

const linux = process.platform === 'linux' ? false : 'reads /proc';

test('a process tree is read whole: CPU of a busy child, its memory and threads; then gone', {
  skip: linux,
}, async () => {
  // A shell whose child spins one core and holds 64 MB: the shell's own figures are nearly nil.
  const shell = spawn(
    'sh',
    ['-c', `${JSON.stringify(process.execPath)} -e "const b = Buffer.alloc(64 * 2 ** 20, 1); for (;;) {}"; true`],
    { stdio: 'ignore' },
  );
  const source = processSource(shell.pid as number, 'busy');
  try {
    assert.equal(await source.read(), undefined, 'the first read is the baseline');
    await new Promise((r) => setTimeout(r, 1500));
    const s = await source.read();
    assert.ok(s && s !== 'gone');
    // One core busy, less what a second busy loop beside the tests takes from it on two cores.
    assert.ok(s.cpu > 0.3 && s.cpu < 1.3, `cpu ${s.cpu}`);
    assert.ok(Math.abs(s.cpu - s.cpuUser - s.cpuSystem) < 1e-9);
    assert.ok(s.memMB > 64 && s.memMB < 400, `memory ${s.memMB} MB`);
    assert.ok((s.threads ?? 0) >= 2, `threads ${s.threads}`);
    assert.ok(typeof s.fds === 'number' && s.fds >= 3, `fds ${s.fds}`);
  } finally {
    // The shell and its child: the whole group.
    spawn('pkill', ['-P', String(shell.pid)]);
    await once(shell, 'exit');
  }
  assert.equal(await source.read(), 'gone');
});
