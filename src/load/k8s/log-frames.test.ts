import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidInputError } from '../../core/errors/index.js';
import { ReadBudget } from '../../output/index.js';
import { FrameReader, measureFrames, readFrames } from './log-frames.js';

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

test('what the segments of a log hold is bounded in all: frames padded to 250 MB each are refused, not decompressed into memory (N53)', () => {
  // The same attack, scaled down to a 1 MB budget: two segments of 600 KB of spaces each.
  const padded = `{"schema":"lptf.measure/1"${' '.repeat(600_000)}}`;
  const reader = new FrameReader('logs.txt', new ReadBudget(1_000_000));
  for (const line of measureFrames('0', padded)) reader.line(line);
  assert.throws(
    () => {
      for (const line of measureFrames('1', padded)) reader.line(line);
    },
    (e: unknown) =>
      e instanceof InvalidInputError &&
      /logs\.txt:\d+: segment 1: what it decompresses to would pass the 1\.0 MB of results one command reads \(0\.6 MB read already\)/.test(
        e.message,
      ),
  );
});

test('a log of 100,000 broken frames is refused with 20 of them and a count, and an endless line costs no more than a line (N52)', async () => {
  const broken = Array.from({ length: 100_000 }, (_, i) => `lptf-measure/1 0 ${i}/x broken`).join('\n');
  assert.throws(
    () => readFrames(broken, 'logs.txt'),
    (e: unknown) =>
      e instanceof InvalidInputError &&
      e.problems.length === 21 &&
      e.problems.at(-1)?.message === 'and 99980 more problems',
  );
  // 20 MB without a newline, then a frame: read as a stream, the frame is found.
  const reader = new FrameReader('stdin');
  const frame = measureFrames('0', '{"schema":"lptf.measure/1"}');
  async function* chunks(): AsyncGenerator<string> {
    for (let i = 0; i < 20; i++) yield 'x'.repeat(1024 * 1024);
    yield `\n${frame.join('\n')}\n`;
  }
  await reader.read(chunks());
  assert.deepEqual(
    reader.found().map((f) => f.where),
    ['stdin: segment 0'],
  );
});
