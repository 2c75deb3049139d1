// Runs every test file (src/**/*.test.ts beside the code, test/**/*.test.ts for end-to-end) with
// Node's test runner and tsx, in lanes side by side, so that the tests that time finely never wait
// for a core: beside them runs only what Linux's SCHED_IDLE class runs (util-linux's chrt), which
// gets a core only when nothing else wants it, and gives it back at once.
// - alone: the files that want the machine to themselves (a capacity search on two threads,
//   benchmarks against peers, the engine's own service times and send lateness of a few ms), first,
//   one after the other, with only the untimed lane beside them;
// - timed: the files whose assertions are fine timing (a server's count each second at 400/s, a
//   p99 send lateness, merged percentiles), then, one at a time at normal priority;
// - loose: the files that judge whole runs by their outcome (verdicts, counts, kinds, the docs'
//   blocks) and time nothing of their own, two at a time at idle priority beside the timed lane once
//   the alone files are done. Their runs' generators may be late there, and lptf then says so (a
//   warning beside a pass; inconclusive when a check of the target failed): their tests accept that
//   only where the run's summary says so (test/helpers/verdict.ts). A file that times events of
//   whole processes (a signal, a kill, a watchdog, within seconds) is timed: at idle priority a
//   coordinator's segment once took over 3 s to start, and was killed before it joined;
// - untimed: the rest (parsers, schemas, the package, crafted files), at idle priority too.
// Why not nice 10 for the loose lane: tried first, the timed lane then failed 1 run in 2 (a -w 2
// run's send lateness over 10 ms, a service-time p99 of 61 ms where it is 2); nice 19 was seen to
// make a timed test late by over 10 ms before SCHED_IDLE. The timed files use 0.42 of a core on
// average (286 s of CPU in 678 s, file by file with /usr/bin/time): the idle lanes have most of a
// core. A file names its lane in a line `// test-lane: alone`, `timed`, `loose` or `untimed`; without one, a file in test/ is timed and a file in src/ untimed. One file after
// another, the suite took 832 s on this 2-core machine; in a timed and an untimed lane, 716 s; now,
// the last line it prints says. Only the timed lanes print as they go; the others' outputs follow,
// whole. Files given as arguments run in one lane, at normal priority.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { join } from 'node:path';

const CHRT = '/usr/bin/chrt';
const NICE = '/usr/bin/nice';

function find(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : find(p);
    return e.name.endsWith('.test.ts') ? [p] : [];
  });
}

function laneOf(file) {
  const said = /^\/\/ test-lane: (alone|timed|loose|untimed)\b/m.exec(readFileSync(file, 'utf8').slice(0, 2000));
  if (said) return said[1];
  return file.startsWith('src') ? 'untimed' : 'timed';
}

/**
 * How a lane's runner is started: through chrt (SCHED_IDLE) or nice, so that every thread of the
 * runner and of the processes its tests start has the policy from the first (Linux's nice is per
 * thread: renicing a Node process after it started leaves the threads it had made at nice 0).
 */
function command(priority, args) {
  if (priority === 'idle' && process.platform === 'linux' && existsSync(CHRT))
    return [CHRT, ['--idle', '0', process.execPath, ...args]];
  if (priority !== 'normal' && existsSync(NICE))
    return [NICE, ['-n', priority === 'idle' ? '19' : '10', process.execPath, ...args]];
  return [process.execPath, args];
}

/**
 * Runs files with the test runner; resolves with its exit status, what it printed and how long it
 * took. `live`: printed as it goes too (one lane's, so that a run shows its progress).
 */
function runLane(files, { priority = 'normal', live = true } = {}) {
  if (files.length === 0) return Promise.resolve({ status: 0, out: '', seconds: 0 });
  const args = ['--import', 'tsx', '--test', '--test-reporter=tap', '--test-concurrency=1', ...files];
  // Linux's SCHED_IDLE (util-linux's chrt): the lane runs only on a core nothing else wants, and a
  // timed test's thread that wakes takes the core back at once. Nice 19 alone still made a timed
  // test's generator late by over 10 ms (a p99 of 40 sends) beside npm and Chromium.
  const [file, argv] = command(priority, args);
  const child = spawn(file, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  // Where neither chrt nor nice is there: the runner at least (its later threads and processes inherit it).
  if (priority !== 'normal' && file === process.execPath)
    try {
      setPriority(child.pid, priority === 'idle' ? 19 : 10);
    } catch {
      // Not allowed here: the lane runs at normal priority.
    }
  const chunks = [];
  const take = (c) => {
    chunks.push(c);
    if (live) process.stdout.write(c);
  };
  child.stdout.on('data', take);
  child.stderr.on('data', take);
  const started = performance.now();
  return new Promise((resolve) => {
    child.on('close', (status) =>
      resolve({
        status: status ?? 1,
        out: Buffer.concat(chunks).toString('utf8'),
        seconds: Math.round((performance.now() - started) / 1000),
      }),
    );
  });
}

/** The slowest top-level tests of TAP output, with their durations: where the time goes. */
function slowest(tap, n) {
  const tests = [];
  const lines = tap.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const ok = /^(?:not )?ok \d+ - (.*)$/.exec(lines[i]);
    if (!ok) continue;
    for (let j = i + 1; j < Math.min(i + 8, lines.length); j++) {
      const d = /^ {2}duration_ms: ([\d.]+)/.exec(lines[j]);
      if (d) {
        tests.push([Number(d[1]) / 1000, ok[1]]);
        break;
      }
    }
  }
  return tests
    .sort((a, b) => b[0] - a[0])
    .slice(0, n)
    .map(([s, name]) => `# ${s.toFixed(1).padStart(5)} s  ${name.slice(0, 110)}`)
    .join('\n');
}

const given = process.argv.slice(2);
if (given.length > 0) {
  const { status } = await runLane(given);
  process.exit(status);
}
const files = [...find('src'), ...find('test')].sort();
const laneFiles = (name) => files.filter((f) => laneOf(f) === name);
const [alone, timed, loose, untimed] = ['alone', 'timed', 'loose', 'untimed'].map(laneFiles);
const started = performance.now();

/** The alone files, then the timed ones; the loose files start once the alone ones are done. */
let aloneDone;
const afterAlone = new Promise((resolve) => (aloneDone = resolve));
const timedLane = (async () => {
  const first = await runLane(alone);
  aloneDone();
  const then = await runLane(timed);
  return { status: first.status || then.status, out: first.out + then.out, seconds: first.seconds + then.seconds };
})();

/** The loose files, two at a time, the biggest first so that both end together; each file's output kept whole. */
const looseLane = (async () => {
  await afterAlone;
  const began = performance.now();
  const queue = [...loose].sort((a, b) => readFileSync(b).length - readFileSync(a).length);
  const outs = [];
  let status = 0;
  const worker = async () => {
    for (let file = queue.shift(); file; file = queue.shift()) {
      const r = await runLane([file], { priority: 'idle', live: false });
      outs.push(`# ---- ${file} (${r.seconds} s) ----\n${r.out}`);
      status ||= r.status;
    }
  };
  await Promise.all([worker(), worker()]);
  return { status, out: outs.join('\n'), seconds: Math.round((performance.now() - began) / 1000) };
})();

const untimedLane = runLane(untimed, { priority: 'idle', live: false });
const [t, l, u] = await Promise.all([timedLane, looseLane, untimedLane]);
process.stdout.write(`\n# ---- loose lane (${loose.length} files, idle) ----\n${l.out}`);
process.stdout.write(`\n# ---- untimed lane (${untimed.length} files, idle) ----\n${u.out}`);
const seconds = ((performance.now() - started) / 1000).toFixed(0);
process.stdout.write(
  `\n# the 20 slowest tests:\n${slowest([t.out, l.out, u.out].join('\n'), 20)}\n` +
    `# lanes: alone and timed ${alone.length} + ${timed.length} files exit ${t.status} in ${t.seconds} s, ` +
    `loose ${loose.length} files exit ${l.status} in ${l.seconds} s after them, untimed ${untimed.length} files exit ${u.status} in ${u.seconds} s; ${seconds} s in all\n`,
);
process.exit(t.status || l.status || u.status ? 1 : 0);
