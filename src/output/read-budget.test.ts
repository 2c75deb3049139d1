import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ReadBudget } from './read-budget.js';

test('files read back share one bound: the one that would pass it is refused by name, before it is read', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lptf-budget-'));
  const a = join(dir, 'a.json');
  const b = join(dir, 'b.json');
  await writeFile(a, 'x'.repeat(600_000));
  await writeFile(b, 'y'.repeat(600_000));
  const budget = new ReadBudget(1_000_000);
  assert.equal((await budget.readText(a)).length, 600_000);
  await assert.rejects(budget.readText(b), {
    name: 'RangeError',
    message: `${b}: 0.6 MB would pass the 1.0 MB of results one command reads (0.6 MB read already)`,
  });
  assert.equal(budget.remaining, 400_000, 'the refused file took nothing');
});

test('a device or a FIFO is not read: it says size 0 and never ends (N24 as a result file)', async () => {
  if (process.platform === 'win32') return;
  await assert.rejects(new ReadBudget().readText('/dev/zero'), { message: '/dev/zero: not a file' });
});
