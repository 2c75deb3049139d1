import '../../builtins.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Recorder } from '../../core/recorder/index.js';
import { resolvePlan } from '../plan/index.js';
import { startCoordinator } from './coordinator.js';

const TOKEN = 'a-token-of-the-test';

/** What a segment would report after `seconds` seconds of 10 requests each. */
function report(index: number, seconds: number, instance = '0123456789abcdef', from = 1): Record<string, unknown> {
  const recorder = new Recorder([], null);
  for (let s = 1; s <= seconds; s++) {
    for (let i = 0; i < 10; i++) {
      const at = (s - 1) * 1000 + i * 100;
      recorder.onDue('default', 0.1);
      recorder.onSent('default', at);
      recorder.onOk('default', 5, 4.8, 200, at + 5);
    }
    recorder.series.at(s * 1000 + 1);
  }
  return {
    schema: 'lptf.segment-report/1',
    segment: { index, count: 2 },
    instance,
    elapsedMs: seconds * 1000 + 1,
    inflight: 0,
    state: recorder.state(from),
  };
}

test("the coordinator's door: a token, well-formed reports of its own segments only, a repeated second counted once", async () => {
  const resolved = await resolvePlan([
    {
      url: { value: 'http://127.0.0.1:9/', where: 'test' },
      rate: { value: '20', where: 'test' },
      duration: { value: '10s', where: 'test' },
    },
  ]);
  const c = startCoordinator(resolved, {
    segments: 2,
    listen: { host: '127.0.0.1', port: 0 },
    token: TOKEN,
    lostAfterMs: 60_000,
    joinTimeoutMs: 60_000,
  });
  c.result.catch(() => undefined);
  const url = `${await c.url}report`;
  const post = async (body: unknown, token = TOKEN): Promise<{ status: number; text: string }> => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, text: await res.text() };
  };
  try {
    assert.equal((await post(report(0, 2), 'another-token-here')).status, 401);
    const first = await post(report(0, 2));
    assert.equal(first.status, 200, first.text);
    assert.deepEqual(JSON.parse(first.text), { heldSecond: 2 });
    // Its answer lost, the segment sends seconds 1 and 2 again with 3: each is held once.
    const again = await post(report(0, 3));
    assert.deepEqual(JSON.parse(again.text), { heldSecond: 3 });
    // Another process claiming segment 0, a segment of another test, garbage, a crafted histogram.
    const twin = await post(report(0, 4, 'fedcba9876543210'));
    assert.equal(twin.status, 409);
    assert.match(twin.text, /segment 0\/2 is already reported by another process/);
    const other = await post({ ...report(1, 1), segment: { index: 1, count: 3 } });
    assert.equal(other.status, 409);
    assert.match(other.text, /this coordinator runs 2 segments/);
    assert.equal((await post('{not json')).status, 400);
    const crafted = report(1, 1) as { state: { overall: { latency: { hdr: string } } } };
    crafted.state.overall.latency.hdr = 'AAAA';
    const bad = await post(crafted);
    assert.equal(bad.status, 400);
    assert.match(bad.text, /overall\.latency\.hdr/);
    const far = await post({ ...report(1, 1), elapsedMs: 1e12 });
    assert.equal(far.status, 400);
  } finally {
    c.abort();
    await c.close();
  }
  await assert.rejects(c.result, /no segment sent its end/);
});
