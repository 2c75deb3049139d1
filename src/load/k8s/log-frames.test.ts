import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidInputError } from '../../core/errors/index.js';
import { measureFrames, readFrames } from './log-frames.js';

const big = JSON.stringify({
  schema: 'lptf.measure/1',
  seconds: Array.from({ length: 3000 }, (_, i) => ({ i, r: Math.random() })),
});

test("a segment's measure.json survives the logs: among other lines, with kubectl's prefixes, interleaved with other segments", () => {
  const a = measureFrames('0', big);
  const b = measureFrames('1', '{"schema":"lptf.measure/1","small":true}');
  assert.ok(a.length > 1, 'a large file takes several lines');
  assert.ok(a.every((l) => l.length < 4100));
  const log = [
    'lptf 0.1.0 — GET http://svc/ at 100/s',
    ...a.slice(0, 2).map((l) => `[pod/t-0-abc/lptf] ${l}`),
    ...b.map((l) => `[pod/t-1-def/lptf] ${l}`),
    ...a.slice(2).map((l) => `[pod/t-0-abc/lptf] ${l}`),
    'PASS',
  ].join('\n');
  const found = readFrames(log, 'logs.txt');
  assert.deepEqual(
    found.map((f) => f.where),
    ['logs.txt: segment 1', 'logs.txt: segment 0'],
  );
  assert.equal(found.find((f) => f.where.endsWith('0'))?.json, big);
});

test('a cut or altered log is refused with what is wrong; a log with no segment says so', () => {
  const lines = measureFrames('3', big);
  assert.throws(
    () => readFrames(lines.slice(0, -1).join('\n'), 'cut.txt'),
    (e: unknown) => e instanceof InvalidInputError && /segment 3: \d+ of \d+ lines .*--tail=-1/.test(e.message),
  );
  const altered = [...lines];
  const first = altered[0] as string;
  altered[0] = `${first.slice(0, -20)}${first.slice(-20, -10) === 'AAAAAAAAAA' ? 'BBBBBBBBBB' : 'AAAAAAAAAA'}${first.slice(-10)}`;
  assert.throws(() => readFrames(altered.join('\n'), 'bad.txt'), InvalidInputError);
  assert.throws(() => readFrames('hello\nworld\n', 'empty.txt'), /no lptf-measure\/1 lines/);
  // A pod that ran again printed its segment twice: the last whole copy counts, once.
  assert.equal(readFrames([...lines, ...lines].join('\n'), 'twice.txt').length, 1);
});
