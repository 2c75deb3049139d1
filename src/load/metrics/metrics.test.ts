import assert from 'node:assert/strict';
import { test } from 'node:test';
import snappy from 'snappyjs';
import { Recorder } from '../../core/recorder/index.js';
import { parseExposition } from '../../core/watch/index.js';
import { openMetricsText } from './openmetrics-text.js';
import { RemoteWriteEncoder, remoteWriteBody } from './remote-write.js';
import { latencyBucketsSec, runMetrics } from './run-metrics.js';

function recorded(): Recorder {
  const r = new Recorder([170], 170);
  for (const ms of [1, 2, 3, 200]) {
    r.onDue('normal', 0);
    r.onSent('normal', 10);
    r.onOk('normal', ms, ms, 200, 10 + ms);
  }
  r.onDue('normal', 0);
  r.onSent('normal', 10);
  r.onFailed('normal', 'timeout', 5000);
  return r;
}

const metrics = () =>
  runMetrics({
    overall: recorded().overall,
    groups: new Map(),
    inflight: 2,
    targetRate: 200,
    servers: [{ name: 'pid 7 "x"', cpu: 0.5, memMB: 1, threads: 3, fds: null }],
    buckets: latencyBucketsSec([170]),
    labels: { run_id: 'r1' },
  });

test('the metrics count requests by outcome, failures by kind, and latency as a cumulative histogram with the check bounds', () => {
  const text = openMetricsText(metrics());
  const samples = parseExposition(text, () => true);
  const value = (name: string, labels: Record<string, string> = {}) =>
    samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
  assert.equal(value('lptf_requests_sent_total'), 5);
  assert.equal(value('lptf_requests_total', { outcome: 'ok' }), 4);
  assert.equal(value('lptf_requests_total', { outcome: 'failed' }), 1);
  assert.equal(value('lptf_request_failures_total', { kind: 'timeout' }), 1);
  assert.equal(value('lptf_request_duration_seconds_bucket', { le: '0.17' }), 3);
  assert.equal(value('lptf_request_duration_seconds_bucket', { le: '+Inf' }), 4);
  assert.equal(value('lptf_request_duration_seconds_sum'), 0.206);
  assert.equal(value('lptf_server_memory_bytes', { server: 'pid 7 "x"' }), 2 ** 20);
  // No reading, no sample: a process whose descriptors cannot be listed has no open_fds.
  assert.equal(value('lptf_server_open_fds'), undefined);
  // Buckets are cumulative and their bounds ascend.
  const buckets = samples.filter((s) => s.name === 'lptf_request_duration_seconds_bucket');
  for (let i = 1; i < buckets.length; i++) assert.ok((buckets[i]?.value ?? 0) >= (buckets[i - 1]?.value ?? 0));
  // The OpenMetrics frame: TYPE, UNIT, HELP, the counter family without _total, # EOF last.
  assert.match(text, /^# TYPE lptf_requests_sent counter\n# HELP lptf_requests_sent /);
  assert.match(text, /# TYPE lptf_request_duration_seconds histogram\n# UNIT lptf_request_duration_seconds seconds\n/);
  assert.match(text, /lptf_server_cpu_ratio\{run_id="r1",server="pid 7 \\"x\\""\} 0\.5\n/);
  assert.ok(text.endsWith('\n# EOF\n'));
});

test("a check's bound is a bucket counted exactly: docs/metrics.md's share query is the share check's figure, and the buckets stay cumulative", () => {
  const r = new Recorder([170], 170);
  // Around the bound, within its HDR bucket (128 µs wide at 170 ms), and far from it.
  const latencies = [100, 169.95, 169.999, 170, 170.001, 170.02, 170.05, 170.2, 300];
  for (const ms of latencies) {
    r.onDue('normal', 0);
    r.onSent('normal', 0);
    r.onOk('normal', ms, ms, 200, ms);
  }
  const samples = parseExposition(
    openMetricsText(
      runMetrics({
        overall: r.overall,
        groups: new Map(),
        inflight: 0,
        targetRate: 200,
        servers: [],
        buckets: latencyBucketsSec([170]),
        labels: { run_id: 'r1' },
      }),
    ),
    () => true,
  );
  const buckets = samples.filter((s) => s.name === 'lptf_request_duration_seconds_bucket');
  const within = buckets.find((s) => s.labels['le'] === '0.17')?.value;
  assert.equal(within, latencies.filter((ms) => ms <= 170).length);
  assert.equal(within, r.overall.share('<=', 170) * latencies.length);
  for (let i = 1; i < buckets.length; i++)
    assert.ok((buckets[i]?.value ?? 0) >= (buckets[i - 1]?.value ?? 0), `bucket ${buckets[i]?.labels['le']}`);
  assert.equal(buckets.at(-1)?.value, latencies.length);
});

test('the remote-write body is a snappy-compressed WriteRequest: each sample a series of sorted labels', () => {
  const families = metrics();
  const body = remoteWriteBody(families, 1_700_000_000_123);
  const series = decodeWriteRequest(snappy.uncompress(body));
  assert.equal(
    series.length,
    families.reduce((n, f) => n + f.samples.length, 0),
  );
  const sent = series.find((s) => s.labels.some(([k, v]) => k === '__name__' && v === 'lptf_requests_sent_total'));
  assert.deepEqual(sent, {
    labels: [
      ['__name__', 'lptf_requests_sent_total'],
      ['run_id', 'r1'],
    ],
    value: 5,
    timestamp: 1_700_000_000_123,
  });
  for (const s of series) {
    const names = s.labels.map(([k]) => k);
    assert.deepEqual(names, [...names].sort(), 'labels sorted by name');
  }
});

test('an encoder kept from push to push writes what a fresh one writes, as values, series and labels change', () => {
  const encoder = new RemoteWriteEncoder();
  const r = recorded();
  const buckets = latencyBucketsSec([170]);
  const labels = { run_id: 'r1' };
  const push = (servers: Parameters<typeof runMetrics>[0]['servers'], inflight: number) =>
    runMetrics({ overall: r.overall, groups: r.groups, inflight, targetRate: 200, servers, buckets, labels });
  const pushes = [
    push([], 0),
    push([], 3),
    push([{ name: 'a', cpu: 0.5, memMB: 1, threads: 3, fds: 9 }], 1),
    push([{ name: 'b', cpu: 0.7, memMB: 2, threads: 4, fds: null }], 1),
    push([], 2),
  ];
  r.onDue('normal', 0);
  r.onSent('normal', 10);
  r.onFailed('normal', 'closed', 20);
  pushes.push(push([], 0));
  for (const [i, families] of pushes.entries()) {
    const at = 1_700_000_000_000 + i * 1000;
    assert.deepEqual(
      decodeWriteRequest(snappy.uncompress(encoder.encode(families, at))),
      decodeWriteRequest(snappy.uncompress(remoteWriteBody(families, at))),
      `push ${i}`,
    );
  }
  const last = decodeWriteRequest(snappy.uncompress(encoder.encode(pushes.at(-1) ?? [], 1)));
  assert.ok(last.some((s) => s.labels.some(([k, v]) => k === 'kind' && v === 'closed')));
});

/** A protobuf reader for the three messages of a WriteRequest, written apart from the writer. */
function decodeWriteRequest(bytes: Uint8Array): { labels: [string, string][]; value: number; timestamp: number }[] {
  const fields = (b: Uint8Array): [number, number, Uint8Array | number][] => {
    const out: [number, number, Uint8Array | number][] = [];
    let i = 0;
    const varint = (): number => {
      let n = 0;
      let scale = 1;
      for (;;) {
        const byte = b[i++] as number;
        n += (byte & 0x7f) * scale;
        scale *= 128;
        if (byte < 0x80) return n;
      }
    };
    while (i < b.length) {
      const tag = varint();
      const [field, wire] = [Math.floor(tag / 8), tag % 8];
      if (wire === 0) out.push([field, wire, varint()]);
      else if (wire === 1) {
        out.push([field, wire, new DataView(b.buffer, b.byteOffset + i, 8).getFloat64(0, true)]);
        i += 8;
      } else {
        const len = varint();
        out.push([field, wire, b.subarray(i, i + len)]);
        i += len;
      }
    }
    return out;
  };
  const text = (b: Uint8Array | number) => Buffer.from(b as Uint8Array).toString('utf8');
  return fields(bytes).map(([, , ts]) => {
    const parts = fields(ts as Uint8Array);
    const labels = parts
      .filter(([f]) => f === 1)
      .map(([, , l]) => {
        const kv = fields(l as Uint8Array);
        return [text(kv[0]?.[2] as Uint8Array), text(kv[1]?.[2] as Uint8Array)] as [string, string];
      });
    const sample = fields(parts.find(([f]) => f === 2)?.[2] as Uint8Array);
    return { labels, value: sample[0]?.[2] as number, timestamp: sample[1]?.[2] as number };
  });
}
