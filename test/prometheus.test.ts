import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parseExposition } from '../src/core/watch/index.js';
import type { RunResult } from '../src/load/result/index.js';
import { CLI } from './helpers/cli.js';
import { firstNodeOnly } from './helpers/first-node.js';
import { closedPort, startTarget, type Target } from './helpers/target.js';

// Debian's prometheus (2.42) and prometheus-node-exporter, which .ci/run installs: in CI a
// missing one fails the test rather than skipping it.
const PROMETHEUS = '/usr/bin/prometheus';
const NODE_EXPORTER = '/usr/bin/prometheus-node-exporter';
const missing = [PROMETHEUS, NODE_EXPORTER].filter((p) => !existsSync(p));
const skip = missing.length > 0 && !process.env['CI'] ? `not installed: ${missing.join(', ')}` : false;

const children: ChildProcess[] = [];
let target: Target;
let prometheus: string;
let nodeExporter: string;
let targetsFile: string;

/** Starts a process and waits until `url` answers 200. */
async function startServer(command: string, args: string[], url: string): Promise<void> {
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (c: Buffer) => (log = (log + c).slice(-4000)));
  children.push(child);
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) break;
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${command} did not start:\n${log}`);
}

/** An instant PromQL query's single value. */
async function query(promql: string): Promise<number | undefined> {
  const res = await fetch(`${prometheus}/api/v1/query?query=${encodeURIComponent(promql)}`);
  const body = (await res.json()) as { data: { result: { value: [number, string] }[] } };
  const v = body.data.result[0]?.value[1];
  return v === undefined ? undefined : Number(v);
}

before(async () => {
  if (skip) return;
  assert.deepEqual(missing, [], 'CI installs prometheus and prometheus-node-exporter (.ci/run)');
  target = await startTarget({ delayMs: 1 });
  const dir = await mkdtemp(join(tmpdir(), 'lptf-prometheus-'));
  targetsFile = join(dir, 'targets.json');
  await writeFile(targetsFile, '[]');
  // Scrapes the dashboard's /metrics once its port is known (file discovery), every second.
  await writeFile(
    join(dir, 'prometheus.yml'),
    `global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: dashboard\n    scrape_interval: 1s\n    file_sd_configs:\n      - files: ['${targetsFile}']\n        refresh_interval: 1s\n`,
  );
  const promPort = await closedPort();
  prometheus = `http://127.0.0.1:${promPort}`;
  await startServer(
    PROMETHEUS,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${promPort}`,
      '--web.enable-remote-write-receiver',
    ],
    `${prometheus}/-/ready`,
  );
  const nePort = await closedPort();
  nodeExporter = `http://127.0.0.1:${nePort}/metrics`;
  await startServer(
    NODE_EXPORTER,
    [
      `--web.listen-address=127.0.0.1:${nePort}`,
      '--collector.disable-defaults',
      '--collector.cpu',
      '--collector.meminfo',
      '--collector.loadavg',
      '--collector.netdev',
    ],
    nodeExporter,
  );
});

after(async () => {
  for (const c of children) c.kill();
  await target?.close();
});

test('a 10 s run at 500/s: Prometheus, fed by remote write and by scraping the dashboard, gives the same count and p95 as summary.json', {
  skip: skip || firstNodeOnly,
}, async () => {
  const out = await mkdtemp(join(tmpdir(), 'lptf-prom-run-'));
  const runId = `t${Date.now()}`;
  const child = spawn(
    process.execPath,
    [
      CLI,
      'run',
      target.url,
      '-r',
      '500',
      '-d',
      '10s',
      '--prometheus-rw',
      `${prometheus}/api/v1/write`,
      '--run-id',
      runId,
      '--watch-node-exporter',
      nodeExporter,
      '--dashboard',
      '0',
      '--check',
      'error_rate <= 1%',
      '--check',
      'share(<=170ms) >= 95%',
      '-o',
      out,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  let stdout = '';
  child.stdout?.on('data', (c: Buffer) => (stdout += c));
  const dashboard = new Promise<string>((resolve) =>
    child.stderr?.on('data', (c: Buffer) => {
      stderr += c;
      const m = /live dashboard at (http:\/\/[^\s/]+)\//.exec(stderr);
      if (m) resolve(m[1] as string);
    }),
  );
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  const live = await dashboard;
  await writeFile(targetsFile, JSON.stringify([{ targets: [new URL(live).host] }]));
  // The dashboard's /metrics mid-run: OpenMetrics, ending in # EOF, with the run's families.
  await new Promise((r) => setTimeout(r, 3000));
  const scraped = await fetch(`${live}/metrics`);
  assert.match(scraped.headers.get('content-type') ?? '', /^application\/openmetrics-text; version=1\.0\.0/);
  const text = await scraped.text();
  assert.match(text, /\n# EOF\n$/);
  const names = new Set(parseExposition(text, () => true).map((s) => s.name));
  for (const n of [
    'lptf_requests_sent_total',
    'lptf_requests_total',
    'lptf_request_duration_seconds_bucket',
    'lptf_requests_in_flight',
    'lptf_server_cpu_ratio',
    'lptf_server_memory_bytes',
  ])
    assert.ok(names.has(n), `${n} in /metrics`);
  const code = await closed;
  assert.equal(code, 0, `${stderr}\n${stdout}`);
  const s = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as RunResult;
  assert.equal(s.requests.sent, 5_000);

  // Remote write: the last push holds the final figures.
  assert.equal(await query(`lptf_requests_sent_total{run_id="${runId}",job=""}`), s.requests.sent);
  assert.equal(await query(`sum(lptf_requests_total{run_id="${runId}",outcome="ok",job=""})`), s.requests.ok);
  const p95 = (await query(
    `histogram_quantile(0.95, lptf_request_duration_seconds_bucket{run_id="${runId}",job=""})`,
  )) as number;
  const exact = (s.latencyMs.p95 as number) / 1000;
  // Buckets 2^(1/8) apart: PromQL interpolates within one, 9% at most.
  assert.ok(p95 / exact < 2 ** (1 / 8) && exact / p95 < 2 ** (1 / 8), `Prometheus p95 ${p95}, summary.json ${exact}`);
  // The share check's bound is a bucket bound: docs/metrics.md's query gives the share exactly.
  const within = await query(
    `sum(lptf_request_duration_seconds_bucket{run_id="${runId}",job="",le="0.17"}) / sum(lptf_requests_total{run_id="${runId}",job=""})`,
  );
  assert.equal(within, s.shares['<=170ms']);
  // The host, through its node exporter: in summary.json, and pushed.
  const host = s.servers?.[0];
  assert.equal(host?.kind, 'host');
  assert.ok(host.cpu && host.cpu.mean > 0 && host.cpu.max <= 1, JSON.stringify(host.cpu));
  assert.ok(host.memMB && host.memMB.min > 0 && host.load1Max !== undefined);
  assert.ok(host.seconds.length >= 8, `${host.seconds.length} seconds of the host`);
  const memory = await query(`lptf_server_memory_bytes{run_id="${runId}",job=""}`);
  assert.ok(memory !== undefined && memory > 0);
  // Scraped from the dashboard while it ran: counts that grew towards the whole.
  const scrapedSent = await query(`max_over_time(lptf_requests_sent_total{job="dashboard",run_id="${runId}"}[5m])`);
  assert.ok(scrapedSent !== undefined && scrapedSent > 2000 && scrapedSent <= 5_000, `scraped ${scrapedSent}`);
});
