import assert from 'node:assert/strict';
import { test } from 'node:test';
import { knownRun } from '../../load/report/known-run.fixture.js';
import type { RunResult } from '../../load/result/index.js';
import { packSections } from './pack-sections.js';

const cases = [{ group: 'normal', file: 'cases/normal.jsonl', count: 1 }];

test('the pack shows the servers the run watched, per server, and says so when it watched none (issue 33)', async () => {
  const result = await knownRun('zh');
  const unwatched = packSections(result, cases);
  const window = unwatched.find((s) => s.id === 'window-and-servers');
  assert.ok(window?.lines?.some((l) => l.startsWith('后台进程 CPU 与内存：本次未监控（压测时加 --watch-pid')));
  assert.equal(
    unwatched.find((s) => s.id === 'servers'),
    undefined,
  );
  const watched: RunResult = {
    ...result,
    servers: [
      {
        name: 'node server.js (pid 4242)',
        kind: 'process',
        seconds: [],
        failedReads: 0,
        cpu: { min: 0.1, mean: 0.42, max: 0.9 },
        memMB: { min: 80, mean: 85, max: 96.5 },
        memGrowthMB: 12.3,
      },
    ],
  };
  const sections = packSections(watched, cases);
  assert.ok(
    sections
      .find((s) => s.id === 'window-and-servers')
      ?.lines?.some((l) => l.startsWith('后台进程 CPU 与内存：压测期间监控了 1 个服务，见下表')),
  );
  const servers = sections.find((s) => s.id === 'servers');
  assert.deepEqual(servers?.table?.rows[0]?.slice(0, 6), [
    'node server.js (pid 4242)',
    '42%',
    '90%',
    '80.0 MB',
    '96.5 MB',
    '+12.3 MB',
  ]);
  assert.deepEqual(sections.map((s) => s.id).slice(-2), ['window-and-servers', 'servers'], 'right after the window');
});
