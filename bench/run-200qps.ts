/**
 * The 200 QPS benchmark of the seed's self-test: lptf and its peers, one after the other in
 * one run, against the same loopback target with a fixed 20 ms delay. For each tool it prints
 * what the server saw (count, achieved rate, the busiest and quietest second, the busiest
 * 10 ms), what the tool reported (p50, p99: the true values are 20 ms plus loopback), and what
 * the tool cost (CPU per request over the whole run and in steady state, and peak RSS, measured
 * inside its process), then lptf's ratios. Each tool runs twice (5 s and the full length):
 * the difference takes start-up (module loading, ~0.3 s of CPU for any Node tool) out.
 *
 * Run: npm run bench   (BENCH_SECONDS=60 for a longer run; default 20)
 */
import { fork, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCases } from '../src/core/cases/index.js';
import { DEMO_CREDENTIALS } from '../src/widget/demo/index.js';
import {
  checkWidgetReply,
  type WidgetWire,
  widgetReplyBody,
  widgetRequestBuilder,
} from '../src/widget/protocol/index.js';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 20);
/** A second, short run of each tool: the difference of the two is the steady-state cost. */
const SHORT_SECONDS = 5;
const RATE = 200;
const DELAY_MS = 20;
const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

interface Usage {
  cpuUserMs: number;
  cpuSystemMs: number;
  maxRssMB: number;
}
interface Row {
  tool: string;
  seen: number;
  rate: number;
  maxPerSec: number;
  minPerSec: number;
  maxPer10ms: number;
  p50: number | null;
  p99: number | null;
  cpuPerReqUs: number;
  /** CPU per request once started: (CPU of the long run − the short run) / (their request difference). */
  marginalUs: number;
  rssMB: number;
}

const server = fork(here('./target-server.mjs'), [String(DELAY_MS)], {
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const [{ port }] = (await once(server, 'message')) as [{ port: number }];
const url = `http://127.0.0.1:${port}/`;
const work = await mkdtemp(join(tmpdir(), 'lptf-bench-'));

async function takeArrivals(): Promise<number[]> {
  const reply = once(server, 'message') as Promise<[{ arrivals: number[] }]>;
  server.send('take');
  return (await reply)[0].arrivals;
}

async function runTool(name: string, args: string[]): Promise<{ stdout: string; usage: Usage }> {
  const usageFile = join(work, `${name}.usage.json`);
  const child = spawn(process.execPath, ['--import', here('./usage-probe.mjs'), ...args], {
    env: { ...process.env, LPTF_USAGE_OUT: usageFile },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c));
  const [code] = (await once(child, 'close')) as [number];
  if (code !== 0 && code !== 1) throw new Error(`${name} exited ${code}`);
  return { stdout, usage: JSON.parse(await readFile(usageFile, 'utf8')) as Usage };
}

function serverView(arrivals: number[]): Pick<Row, 'seen' | 'rate' | 'maxPerSec' | 'minPerSec' | 'maxPer10ms'> {
  const t0 = arrivals[0] ?? 0;
  const count = (ms: number): number[] => {
    const buckets = new Map<number, number>();
    for (const t of arrivals) buckets.set(Math.floor((t - t0) / ms), (buckets.get(Math.floor((t - t0) / ms)) ?? 0) + 1);
    return [...buckets.values()];
  };
  // Whole seconds only: the last, partial second would look quiet.
  const perSec = count(1000).slice(0, Math.floor(SECONDS));
  return {
    seen: arrivals.length,
    rate: arrivals.length / SECONDS,
    maxPerSec: Math.max(...perSec),
    minPerSec: Math.min(...perSec),
    maxPer10ms: Math.max(...count(10)),
  };
}

interface ToolRun {
  usage: Usage;
  arrivals: number[];
  p50: number | null;
  p99: number | null;
}

/** Runs a tool for `seconds` and reads what the server saw and what the tool reported. */
type Runner = (seconds: number) => Promise<ToolRun>;

const lptfRunner: Runner = async (seconds) => {
  const out = join(work, `lptf-${seconds}`);
  const { usage } = await runTool('lptf', [
    here('../dist/cli/main.js'),
    'run',
    url,
    '-r',
    String(RATE),
    '-d',
    `${seconds}s`,
    '-q',
    '--out',
    out,
  ]);
  const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as {
    latencyMs: { p50: number; p99: number };
  };
  return { usage, arrivals: await takeArrivals(), p50: summary.latencyMs.p50, p99: summary.latencyMs.p99 };
};

const autocannonRunner: Runner = async (seconds) => {
  const ac = here('../node_modules/autocannon/autocannon.js');
  const { stdout, usage } = await runTool('autocannon', [
    ac,
    '-c',
    '50',
    '-R',
    String(RATE),
    '-d',
    String(seconds),
    '-j',
    url,
  ]);
  const report = JSON.parse(stdout) as { latency: { p50: number; p99: number } };
  return { usage, arrivals: await takeArrivals(), p50: report.latency.p50, p99: report.latency.p99 };
};

const cpuMs = (u: Usage): number => u.cpuUserMs + u.cpuSystemMs;

async function measure(tool: string, runner: Runner): Promise<Row> {
  const short = await runner(SHORT_SECONDS);
  const long = await runner(SECONDS);
  const view = serverView(long.arrivals);
  const extra = Math.max(1, long.arrivals.length - short.arrivals.length);
  return {
    tool,
    ...view,
    p50: long.p50,
    p99: long.p99,
    cpuPerReqUs: (cpuMs(long.usage) * 1000) / Math.max(1, view.seen),
    marginalUs: ((cpuMs(long.usage) - cpuMs(short.usage)) * 1000) / extra,
    rssMB: long.usage.maxRssMB,
  };
}

const rows: Row[] = [await measure('lptf', lptfRunner), await measure('autocannon -c 50 -R 200', autocannonRunner)];

server.disconnect();

const fmt = (n: number | null, d = 1): string => (n === null ? 'n/a' : n.toFixed(d));
console.log(
  `\n${RATE} req/s for ${SECONDS} s against a ${DELAY_MS} ms loopback target (true p50 ≈ ${DELAY_MS} ms); Node ${process.version}\n`,
);
console.log(
  '| tool | requests seen by server | achieved req/s | busiest s | quietest s | busiest 10 ms (plan: 2) | reported p50 ms | reported p99 ms | CPU µs/request, whole run | CPU µs/request, steady state | peak RSS MB |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(
    `| ${r.tool} | ${r.seen} | ${fmt(r.rate)} | ${r.maxPerSec} | ${r.minPerSec} | ${r.maxPer10ms} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${fmt(r.cpuPerReqUs, 0)} | ${fmt(r.marginalUs, 0)} | ${fmt(r.rssMB)} |`,
  );
}
const lptf = rows[0]!;
for (const peer of rows.slice(1)) {
  console.log(
    `\nlptf vs ${peer.tool}: CPU per request ×${(lptf.cpuPerReqUs / peer.cpuPerReqUs).toFixed(2)} (steady state ×${(lptf.marginalUs / peer.marginalUs).toFixed(2)}), peak RSS ×${(lptf.rssMB / peer.rssMB).toFixed(2)}, ` +
      `p50 error ${fmt((lptf.p50 ?? 0) - DELAY_MS, 2)} ms vs ${fmt((peer.p50 ?? 0) - DELAY_MS, 2)} ms, busiest second ${lptf.maxPerSec} vs ${peer.maxPerSec}`,
  );
}

/**
 * What the WeChat widget protocol costs per request on the generator: building (event, AES
 * encryption, two signatures) and checking the reply (signature, decryption, parsing).
 */
function protocolCost(wire: WidgetWire): { buildUs: number; checkUs: number } {
  const creds = DEMO_CREDENTIALS.credentials;
  const testCase = parseCases(
    '{"type": 1, "slot_list": [{"key": "stock_code", "value": "00700"}, {"key": "stock_market", "value": "hk"}]}\n',
    'normal',
    'bench',
  ).cases[0]!;
  const build = widgetRequestBuilder(creds, wire);
  const reply = Buffer.from(
    widgetReplyBody(
      { FromUserName: 'oUser', Query: testCase.text },
      { err_code: 0, err_msg: 'ok', price: '159.055' },
      creds,
      wire,
    ),
  );
  const N = 20_000;
  for (let i = 0; i < 2000; i++) build(testCase, i, '/widget');
  let t = performance.now();
  for (let i = 0; i < N; i++) build(testCase, i, '/widget');
  const buildUs = ((performance.now() - t) * 1000) / N;
  for (let i = 0; i < 2000; i++) checkWidgetReply(reply, creds, wire);
  t = performance.now();
  for (let i = 0; i < N; i++) checkWidgetReply(reply, creds, wire);
  return { buildUs, checkUs: ((performance.now() - t) * 1000) / N };
}

console.log('\nWeChat widget protocol, per request, on the generator (20,000 each):');
for (const wire of [
  { plain: false, format: 'json' },
  { plain: false, format: 'xml' },
  { plain: true, format: 'json' },
] as const) {
  const { buildUs, checkUs } = protocolCost(wire);
  console.log(
    `  ${wire.plain ? 'plain    ' : 'encrypted'} ${wire.format}: build ${buildUs.toFixed(1)} µs, reply check ${checkUs.toFixed(1)} µs (${(((buildUs + checkUs) * RATE) / 10_000).toFixed(3)}% of a core at ${RATE} req/s)`,
  );
}
