// test-lane: seconds (parties meeting at a barrier by their deadlines, in seconds: scripts/run-tests.mjs runs it at normal priority on one core)
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { type BarrierParty, BarrierTimeoutError } from './barrier.js';
import { fileBarrier } from './file-barrier.js';
import { tcpBarrier } from './tcp-barrier.js';

const party = (index: number, more: Partial<BarrierParty> = {}): BarrierParty => ({
  id: 'run-1',
  index,
  parties: 3,
  timeoutMs: 5_000,
  leadMs: 2_000,
  ...more,
});

async function freePort(): Promise<number> {
  const s = createServer().listen(0, '127.0.0.1');
  await new Promise((r) => s.once('listening', r));
  const { port } = s.address() as { port: number };
  await new Promise((r) => s.close(r));
  return port;
}

test('a folder barrier: parties that come at different times all get one start, the last arrival plus the lead', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lptf-barrier-'));
  // A party of an earlier run (another id) is in the folder already: it does not count.
  await writeFile(join(dir, 'ready-2.json'), JSON.stringify({ id: 'run-0', index: 2, atMs: Date.now() }));
  const first = fileBarrier(dir, party(0));
  await new Promise((r) => setTimeout(r, 300));
  const second = fileBarrier(dir, party(1));
  let settled = false;
  void Promise.race([first, second]).then(() => (settled = true));
  await new Promise((r) => setTimeout(r, 600));
  assert.equal(settled, false, 'two of three have come: nobody starts');
  const before = Date.now();
  const third = fileBarrier(dir, party(2));
  const starts = await Promise.all([first, second, third]);
  assert.equal(new Set(starts).size, 1, `one start for all: ${starts}`);
  assert.ok((starts[0] as number) >= before + 2_000 && (starts[0] as number) <= Date.now() + 2_000);
});

test('a folder barrier that not every party reaches fails by its deadline, naming who is missing (exit 3)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lptf-barrier-'));
  const err = await fileBarrier(dir, party(1, { timeoutMs: 600 })).catch((e: unknown) => e);
  assert.ok(err instanceof BarrierTimeoutError);
  assert.equal(err.exitCode, 3);
  assert.match(err.message, /1 of 3 segments .* missing: 0, 2/);
});

test('a TCP barrier: segment 0 listens, the others connect (also before it listens) and all get its start', async () => {
  const port = await freePort();
  const followers = [tcpBarrier('127.0.0.1', port, party(1)), tcpBarrier('127.0.0.1', port, party(2))];
  await new Promise((r) => setTimeout(r, 700)); // they retry while segment 0 is not up
  const leader = tcpBarrier('127.0.0.1', port, party(0));
  const starts = await Promise.all([leader, ...followers]);
  assert.equal(new Set(starts).size, 1, `one start for all: ${starts}`);
});

test('a TCP barrier ignores a stranger, and fails by its deadline when a segment is missing', async () => {
  const port = await freePort();
  const leader = tcpBarrier('127.0.0.1', port, party(0, { timeoutMs: 1_500 })).catch((e: unknown) => e);
  const stranger = tcpBarrier('127.0.0.1', port, party(1, { id: 'run-0', timeoutMs: 1_000 })).catch((e: unknown) => e);
  const one = tcpBarrier('127.0.0.1', port, party(2, { timeoutMs: 1_000 })).catch((e: unknown) => e);
  const [l, s, o] = await Promise.all([leader, stranger, one]);
  assert.ok(l instanceof BarrierTimeoutError, String(l));
  assert.match(l.message, /2 of 3 segments .* missing: 1/);
  assert.ok(s instanceof BarrierTimeoutError);
  assert.ok(o instanceof BarrierTimeoutError);
});
