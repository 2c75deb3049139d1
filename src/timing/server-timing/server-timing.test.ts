import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatServerTiming, quoted, timingToken } from '../../core/server-timing/format.js';
import { MAX_HEADER_LENGTH, parseServerTiming } from '../../core/server-timing/parse.js';
import { MAX_REQUEST_PHASES, RequestTimer } from './request-timer.js';

test('names become tokens, descriptions quoted strings; the original name is kept in desc', () => {
  assert.equal(timingToken('db query #1'), 'db_query_#1');
  assert.equal(timingToken(''), 'phase');
  assert.equal(timingToken('x'.repeat(100)).length, 64);
  assert.equal(quoted('say "hi" \\ now'), '"say \\"hi\\" \\\\ now"');
  assert.equal(quoted('a\r\nb 数'), '"a??b ?"');
  assert.equal(
    formatServerTiming([
      { name: 'db', durMs: 12.34567 },
      { name: 'render page', durMs: 3 },
      { name: 'cache', durMs: 0, desc: 'hit' },
    ]),
    'db;dur=12.346, render_page;dur=3;desc="render page", cache;dur=0;desc="hit"',
  );
  assert.equal(formatServerTiming([{ name: 'x', durMs: Number.NaN }]), 'x;dur=0');
});

test('what lptf formats, it parses back', () => {
  const header = formatServerTiming([
    { name: 'a,b;c', durMs: 1.5 },
    { name: 'q', durMs: 2, desc: 'x, y; "z"' },
  ]);
  assert.deepEqual(parseServerTiming(header), {
    metrics: [
      { name: 'a_b_c', durMs: 1.5, desc: 'a,b;c' },
      { name: 'q', durMs: 2, desc: 'x, y; "z"' },
    ],
    malformed: false,
  });
});

test('parsing follows the spec: params in any order and case, metrics without dur skipped', () => {
  assert.deepEqual(parseServerTiming('miss, db;DESC=x;dur=53, app;dur=47.2 , cpu;dur="3"'), {
    metrics: [
      { name: 'db', durMs: 53, desc: 'x' },
      { name: 'app', durMs: 47.2 },
      { name: 'cpu', durMs: 3 },
    ],
    malformed: false,
  });
  assert.deepEqual(parseServerTiming(''), { metrics: [], malformed: false });
});

test('hostile or broken headers never throw and are counted as malformed', () => {
  const cases = [
    'db;dur=abc',
    'db;dur=-5',
    'db;dur=1e308',
    'db;dur=',
    'db;desc="never closed, x;dur=1',
    '<script>;dur=1',
    ';dur=3',
    'x'.repeat(MAX_HEADER_LENGTH + 1),
    Array.from({ length: 100 }, (_, i) => `m${i};dur=1`).join(','),
  ];
  for (const h of cases) assert.equal(parseServerTiming(h).malformed, true, h.slice(0, 40));
  assert.deepEqual(parseServerTiming('ok;dur=2, bad name;dur=3').metrics, [{ name: 'ok', durMs: 2 }]);
  assert.equal(parseServerTiming(Array.from({ length: 100 }, (_, i) => `m${i};dur=1`).join(',')).metrics.length, 64);
});

test('a request timer keeps its phases in order, sends total, and caps their number', async () => {
  const t = new RequestTimer();
  await new Promise((r) => setTimeout(r, 20));
  const first = t.phaseEnd('wait');
  assert.ok(first >= 19, `${first}`);
  assert.equal(await t.phase('work', async () => 'v'), 'v');
  t.add('upstream', 7.5, 'their own figure');
  const parsed = parseServerTiming(t.header());
  assert.deepEqual(
    parsed.metrics.map((m) => m.name),
    ['wait', 'work', 'upstream', 'total'],
  );
  assert.ok(parsed.metrics[3]!.durMs >= first);
  assert.deepEqual(
    parseServerTiming(t.header(false)).metrics.map((m) => m.name),
    ['wait', 'work', 'upstream'],
  );
  for (let i = 0; i < 100; i++) t.phaseEnd(`p${i}`);
  assert.equal(t.phases().length, MAX_REQUEST_PHASES);
  assert.equal(t.dropped, 100 + 3 - MAX_REQUEST_PHASES);
});
