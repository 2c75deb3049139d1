/**
 * What a coordinator costs per segment-second (`lptf coordinate`): CPU and bytes received, at 3
 * and at 30 emulated segments, beside the floor (a bare node:http server that only reads and
 * JSON-parses the same reports) in the same run. Each emulated segment reports once a second what
 * a real one would (its counts so far and its newest second, two scenarios, latencies recorded
 * into lptf's own recorder), for SECONDS seconds at RATE requests per second across all
 * segments; the coordinator's CPU is read from /proc between the first and the last report, so
 * its start-up and its end are not counted. It prints µs of CPU and kB per segment-second and the
 * ratio to the floor.
 *
 * Where it goes (measured on a 2-core VM, one report of 100 requests in two scenarios, 4.7 kB):
 * reading it back checked (schema, every HDR histogram decoded) 2.7 ms, absorbing its counts into
 * the live view 1.9 ms (the same histograms decoded again), JSON.parse 0.05 ms.
 *
 * Run: npm run bench:coordinator   (BENCH_SECONDS=30 for longer; default 15)
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Recorder } from '../src/core/recorder/index.js';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 15);
const RATE = 3000;
const CLI = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
/** Clock ticks per second of /proc's CPU times (USER_HZ: 100 on Linux). */
const TICKS = 100;

/** CPU ms of a process so far (user + system), from /proc. */
async function cpuMs(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]?.split(' ') ?? [];
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS;
}

/** A segment that records what a real one would, and reports as `--coordinator` does. */
function emulatedSegment(index: number, count: number) {
  const recorder = new Recorder([170, 870], 170);
  const instance = randomBytes(8).toString('hex');
  let held = 0;
  return {
    /** Records second `s`'s requests (this segment's share), and its report after it. */
    report(s: number): string {
      const n = Math.round(RATE / count);
      for (let i = 0; i < n; i++) {
        const at = (s - 1) * 1000 + (i * 1000) / n;
        const group = i % 3 === 0 ? 'item' : 'list';
        recorder.onDue(group, 0.2);
        recorder.onSent(group, at);
        const latency = 5 + Math.random() ** 4 * 400;
        if (i % 97 === 0) recorder.onFailed(group, 'http_503', at + latency, 503);
        else recorder.onOk(group, latency, latency - 0.3, 200, at + latency);
      }
      recorder.series.at(s * 1000 + 1);
      const state = recorder.state(held + 1);
      held = state.seconds.at(-1)?.second ?? held;
      return JSON.stringify({
        schema: 'lptf.segment-report/1',
        segment: { index, count },
        instance,
        elapsedMs: s * 1000 + 1,
        inflight: 3,
        state,
      });
    },
  };
}

/** Posts one report; the answer's body. */
async function post(url: string, body: string): Promise<string> {
  const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${text}`);
  return text;
}

/** The floor: a bare server that reads each report and parses it, nothing more. */
function floorProcess(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [
      '-e',
      `require('node:http').createServer((req, res) => { const c = []; req.on('data', (d) => c.push(d)); req.on('end', () => { JSON.parse(Buffer.concat(c).toString()); res.end('{"heldSecond":0}'); }); }).listen(0, '127.0.0.1', function () { console.log('http://127.0.0.1:' + this.address().port + '/'); });`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve) => child.stdout?.once('data', (d: Buffer) => resolve({ child, url: String(d).trim() })));
}

/** A coordinator of `count` segments, on a plan like the self-test's. */
function coordinatorProcess(count: number): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [
      CLI,
      'coordinate',
      'http://127.0.0.1:9/',
      '--rate',
      String(RATE),
      '--duration',
      `${SECONDS + 60}s`,
      '--check',
      'share(<=170ms) >= 95%',
      '--check',
      'share(>870ms) <= 1%',
      '--check',
      'error_rate over 10s <= 5%',
      '--segments',
      String(count),
      '--listen',
      '127.0.0.1:0',
      '--quiet',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let err = '';
  return new Promise((resolve) =>
    child.stderr?.on('data', (d: Buffer) => {
      err += d;
      const m = /listening on (\S+?):? start/.exec(err);
      if (m?.[1]) resolve({ child, url: m[1] });
    }),
  );
}

async function measure(
  name: string,
  count: number,
  start: (n: number) => Promise<{ child: ChildProcess; url: string }>,
) {
  const { child, url } = await start(count);
  const segments = Array.from({ length: count }, (_, i) => emulatedSegment(i, count));
  let bytes = 0;
  let before = 0;
  const t0 = performance.now();
  for (let s = 1; s <= SECONDS; s++) {
    const bodies = segments.map((seg) => seg.report(s));
    if (s === 2) before = await cpuMs(child.pid as number);
    if (s >= 2) bytes += bodies.reduce((n, b) => n + Buffer.byteLength(b), 0);
    await Promise.all(bodies.map((b) => post(`${url}report`, b)));
    // One report a second from each, as segments do.
    const wait = t0 + s * 1000 - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  // Its last second merged and judged.
  await new Promise((r) => setTimeout(r, 1100));
  const cpu = (await cpuMs(child.pid as number)) - before;
  child.kill('SIGKILL');
  const segmentSeconds = count * (SECONDS - 1);
  return { name, count, cpuUs: (cpu * 1000) / segmentSeconds, kB: bytes / 1024 / segmentSeconds };
}

const rows = [];
for (const count of [3, 30]) {
  const floor = await measure('bare node:http + JSON.parse (floor)', count, floorProcess);
  const lptf = await measure('lptf coordinate', count, coordinatorProcess);
  rows.push({ ...floor, ratio: 1 }, { ...lptf, ratio: lptf.cpuUs / floor.cpuUs });
}
console.log(
  `\n${RATE} req/s across the segments, ${SECONDS} s, reports once a second (CPU from /proc, seconds 2 to ${SECONDS})\n`,
);
console.log('| segments | receiver | CPU µs / segment-second | kB / segment-second | CPU ratio to the floor |');
console.log('| --- | --- | --- | --- | --- |');
for (const r of rows)
  console.log(`| ${r.count} | ${r.name} | ${r.cpuUs.toFixed(0)} | ${r.kB.toFixed(1)} | ${r.ratio.toFixed(2)} |`);
