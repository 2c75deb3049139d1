import assert from 'node:assert/strict';
import { test } from 'node:test';
import { displayWidth } from '../../render/index.js';
import { progressLine } from './progress-line.js';
import { progressReporter } from './progress-reporter.js';
import type { ProgressSnapshot } from './progress-snapshot.js';

const snap = (elapsedMs: number): ProgressSnapshot => ({
  elapsedMs,
  durationMs: 30_000,
  rate: 199.5,
  targetRate: 200,
  closedLoop: false,
  recentP95: 23.14,
  p95: 22,
  sent: 1600,
  failed: 2,
  dropped: 0,
  inflight: 4,
  checks: [
    {
      name: 'share(<=170ms) >= 95%',
      actual: 0.9912,
      unit: 'fraction',
      expected: '>= 95%',
      pass: true,
      state: 'passing',
    },
    { name: 'share(>870ms) <= 1%', actual: 0.0013, unit: 'fraction', expected: '<= 1%', pass: true, state: 'passing' },
  ],
  verdict: 'passing',
});

test('the progress line shows time, rate, p95, checks so far, errors and the verdict', () => {
  assert.equal(
    progressLine(snap(8000)),
    '[#####...............] 8s / 30s (22s left) | 199.5/s of 200/s | p95 5s 23.1ms, all 22.0ms | share(<=170ms) 99.12% | share(>870ms) 0.13% | errors 2 | passing',
  );
});

test('on a terminal the line is redrawn in place; elsewhere a plain line every 10 s', () => {
  const tty: string[] = [];
  const t = progressReporter({ write: (s: string) => tty.push(s), isTTY: true });
  t.update(snap(1000));
  t.update(snap(2000));
  t.done();
  assert.equal(tty.length, 3);
  assert.ok(tty[0]!.startsWith('\r\x1b[2K['));
  assert.equal(tty[2], '\n');

  const log: string[] = [];
  const p = progressReporter({ write: (s: string) => log.push(s) });
  for (let ms = 1000; ms <= 25_000; ms += 1000) p.update(snap(ms));
  p.done();
  assert.equal(log.length, 2);
  assert.ok(log.every((l) => l.endsWith('\n') && !l.includes('\r')));
  assert.match(log[0]!, /^\[#{7}\.{13}\] 10s \/ 30s/);
});

test('on a narrow terminal the redrawn line is cut to fit, so it never wraps', () => {
  const out: string[] = [];
  const t = progressReporter({ write: (s: string) => out.push(s), isTTY: true, columns: 40 });
  t.update(snap(8000));
  const drawn = out[0]!.replace('\r\x1b[2K', '');
  assert.equal([...drawn].length, 39);
  assert.ok(drawn.startsWith('[#####......') && drawn.endsWith('…'));
});

test('a zh run shows its progress line in Chinese, cut to the terminal by columns (a Chinese character takes two)', () => {
  assert.equal(
    progressLine({ ...snap(8000), verdict: 'failing' }, 'zh'),
    '[#####...............] 8s / 30s（剩余 22s） | 199.5/s，计划 200/s | P95 近 5 秒 23.1ms，全程 22.0ms | share(<=170ms) 99.12% | share(>870ms) 0.13% | 错误 2 | 目前未通过',
  );
  const out: string[] = [];
  const t = progressReporter({ write: (s: string) => out.push(s), isTTY: true, columns: 40 }, 'zh');
  t.update(snap(8000));
  const drawn = out[0]!.replace('\r\x1b[2K', '');
  assert.ok(displayWidth(drawn) <= 39 && displayWidth(drawn) >= 37, drawn);
  assert.ok(drawn.endsWith('…'));
});
