import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseExposition } from './exposition.js';

test("reads a node exporter's lines: labels with escapes, exponents, timestamps, special values; skips the rest", () => {
  const text = [
    '# HELP node_cpu_seconds_total Seconds the CPUs spent in each mode.',
    '# TYPE node_cpu_seconds_total counter',
    'node_cpu_seconds_total{cpu="0",mode="idle"} 1.23e+04',
    'node_cpu_seconds_total{cpu="0",mode="user"} 42.5 1700000000000',
    'node_network_receive_bytes_total{device="eth \\"0\\"\\\\x"} 1024',
    'node_load1 0.5',
    'node_load5 NaN',
    'node_other{a="b"} 7',
    'not a metric line',
    'node_load15{broken="} 1',
    '',
  ].join('\n');
  const wanted = new Set([
    'node_cpu_seconds_total',
    'node_network_receive_bytes_total',
    'node_load1',
    'node_load5',
    'node_load15',
  ]);
  const samples = parseExposition(text, (n) => wanted.has(n));
  assert.deepEqual(
    samples.filter((s) => !Number.isNaN(s.value)),
    [
      { name: 'node_cpu_seconds_total', labels: { cpu: '0', mode: 'idle' }, value: 12_300 },
      { name: 'node_cpu_seconds_total', labels: { cpu: '0', mode: 'user' }, value: 42.5 },
      { name: 'node_network_receive_bytes_total', labels: { device: 'eth "0"\\x' }, value: 1024 },
      { name: 'node_load1', labels: {}, value: 0.5 },
    ],
  );
  assert.ok(samples.some((s) => s.name === 'node_load5' && Number.isNaN(s.value)));
  assert.ok(!samples.some((s) => s.name === 'node_other'));
});
