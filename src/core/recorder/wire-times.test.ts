import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergeRecorderStates } from './merge-states.js';
import { Recorder } from './recorder.js';
import { WireTimes } from './wire-times.js';

test('wire times: time to first byte and download of every answer, connect and TLS of the connections opened for one', () => {
  const t = new WireTimes();
  assert.equal(t.empty, true);
  for (let i = 1; i <= 100; i++) t.record({ ttfbMs: i / 10, downloadMs: 0.05 });
  t.record({ ttfbMs: 3, downloadMs: 0.05, connectMs: 0.4, tlsMs: 1.5 });
  const s = t.summary();
  assert.equal(s.ttfb.count, 101);
  assert.ok(Math.abs((s.ttfb.p50 ?? 0) - 5.1) < 0.1, String(s.ttfb.p50));
  assert.equal(s.connect.count, 1);
  assert.equal(s.tls.count, 1);
  assert.ok(Math.abs((s.tls.max ?? 0) - 1.5) < 0.01);
});

test("two recorders' wire times merge exactly into one's", () => {
  const one = new Recorder([]);
  const a = new Recorder([]);
  const b = new Recorder([]);
  for (let i = 0; i < 50; i++) {
    const timing = {
      ttfbMs: 1 + (i % 7),
      downloadMs: i % 3 === 0 ? 0.2 : 0.1,
      ...(i % 10 === 0 ? { connectMs: 0.3 } : {}),
    };
    one.onWire('g', timing);
    (i % 2 === 0 ? a : b).onWire('g', timing);
  }
  const merged = mergeRecorderStates([a.state(), b.state()]);
  assert.deepEqual(merged.overall.wire.summary(), one.overall.wire.summary());
  assert.deepEqual(merged.group('g').wire.summary(), one.group('g').wire.summary());
  assert.equal(merged.overall.wire.summary().connect.count, 5);
});
