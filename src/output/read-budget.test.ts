import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { InvalidInputError } from '../core/errors/index.js';
import { ReadBudget } from './read-budget.js';

test('files read back share one bound: the one that would pass it is refused by name, before it is read', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lptf-budget-'));
  const a = join(dir, 'a.json');
  const b = join(dir, 'b.json');
  await writeFile(a, 'x'.repeat(600_000));
  await writeFile(b, 'y'.repeat(600_000));
  const budget = new ReadBudget(1_000_000);
  assert.equal((await budget.readText(a)).length, 600_000);
  await assert.rejects(budget.readText(b), (e: unknown) => {
    assert.ok(e instanceof InvalidInputError);
    assert.deepEqual(e.problems, [
      { where: b, message: '0.6 MB would pass the 1.0 MB of results one command reads (0.6 MB read already)' },
    ]);
    return true;
  });
  assert.equal(budget.remaining, 400_000, 'the refused file took nothing');
});

test('a device or a FIFO is not read: it says size 0 and never ends (N24 as a result file)', async () => {
  if (process.platform === 'win32') return;
  const notAFile = (path: string) => (e: unknown) => {
    assert.ok(e instanceof InvalidInputError);
    assert.deepEqual(e.problems, [{ where: path, message: 'not a file' }]);
    return true;
  };
  await assert.rejects(new ReadBudget().readText('/dev/zero'), notAFile('/dev/zero'));
  // A FIFO no one writes: opening it must not wait for a writer.
  const fifo = join(await mkdtemp(join(tmpdir(), 'lptf-budget-')), 'summary.json');
  execFileSync('mkfifo', [fifo]);
  await assert.rejects(new ReadBudget().readText(fifo), notAFile(fifo));
});
