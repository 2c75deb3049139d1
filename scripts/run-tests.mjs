// Runs every test file (src/**/*.test.ts beside the code, test/**/*.test.ts for end-to-end) with
// Node's test runner and tsx, in lanes side by side, so that the tests that time finely never bear
// more than the guide asks of them: one busy loop beside them on this 2-core machine.
// - alone: the capacity search on two threads beside its own target, which finds the rate at which
//   the target holds its latency bound as the machine lets it: first, with only the untimed lane
//   beside (beside the seconds lane, a coordinator's four processes starting on one core once cost
//   it 11% of its target's 400/s);
// - timed: the files whose assertions are fine timing (a server's count each second at 400/s, a p99
//   send lateness of a few ms, merged percentiles, benchmarks against peers), then, one at a time
//   at normal priority, on every core;
// - seconds: the files that time events of whole processes in seconds (a signal, a kill, a
//   watchdog, a coordinator's segments), once the alone files are done, one at a time at normal
//   priority, pinned to one core (util-linux's taskset): beside the timed lane they are at most that
//   one busy loop. At idle priority they were not safe: a coordinator's segment once took over 3 s
//   to start, and was killed before it joined (the clean-clone CI hung on it);
// - loose: the files that judge whole runs by their outcome (verdicts, counts, kinds, the docs'
//   blocks) and time nothing of their own, once the timed lane's in-process files are done, two
//   at a time at Linux's SCHED_IDLE (chrt), which gets a core only when nothing else wants it. Their runs' generators may be late there,
//   and lptf then says so (a warning beside a pass; inconclusive when a check of the target failed
//   or the plan was not delivered): their tests accept that only where the run's summary says so
//   (test/helpers/verdict.ts);
// - untimed: the rest (parsers, schemas, the package, crafted files), at idle priority too.
// Idle priority is not a wall: this kernel does not preempt kernel code (PREEMPT_NONE), so a
// process of an idle lane inside a long system call (exec, mmap: a runner and tsx starting) keeps
// its core until it leaves it. A 20 ms timer at normal priority (a loop logging its overshoot,
// beside npm test and beside each lane alone) overshot by up to 73 ms while the idle lanes started
// (their first 10 s), rarely by over 10 ms later: the capacity search, first as before, bears that;
// a worker-thread run's 10 ms lateness check did not, 2 runs in 4, when it came 15 s in. So the
// loose lane, whose start is the second such storm, waits for the timed lane's in-process files.
// Why not nice 10 for the loose lane: tried, the timed lane then failed 1 run in 2 (a -w 2 run's send
// lateness over 10 ms, a service-time p99 of 61 ms where it is 2); nice 19 was seen to make a timed
// test late by over 10 ms before SCHED_IDLE. The timed files use 0.42 of a core on average (286 s of
// CPU in 678 s, file by file with /usr/bin/time): the other lanes have most of the machine. A file
// names its lane in a line `// test-lane: alone`, `timed`, `seconds`, `loose` or `untimed`; without
// one, a file in test/ is timed and a file in src/ untimed. Without taskset (or with one core) the
// seconds files run in the timed lane, after it. One file after another, the suite took 832 s on
// this 2-core machine; in a timed and an untimed lane, 716 s; with the seconds lane, the last line
// it prints says. Only the alone and timed lanes print as they go; the others' outputs follow,
// whole. Files given as arguments run in one lane, at normal priority.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, setPriority } from 'node:os';
import { join } from 'node:path';

const CHRT = '/usr/bin/chrt';
const NICE = '/usr/bin/nice';
const TASKSET = '/usr/bin/taskset';

function find(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : find(p);
    return e.name.endsWith('.test.ts') ? [p] : [];
  });
}

function laneOf(file) {
  const said = /^\/\/ test-lane: (alone|timed|seconds|loose|untimed)\b/m.exec(
    readFileSync(file, 'utf8').slice(0, 2000),
  );
  if (said) return said[1];
  return file.startsWith('src') ? 'untimed' : 'timed';
}

/**
 * The core the seconds lane is pinned to: the last this process may run on (Linux's
 * Cpus_allowed_list, e.g. `0-1` or `2,5-7`), or none where it cannot be: one core, no taskset.
 */
function pinnableCore() {
  if (process.platform !== 'linux' || !existsSync(TASKSET) || availableParallelism() < 2) return undefined;
  const list = /^Cpus_allowed_list:\s*(\S+)$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  const cores = (list ?? '').split(',').flatMap((part) => {
    const [from, to = from] = part.split('-').map(Number);
    return Number.isInteger(from) && Number.isInteger(to)
      ? Array.from({ length: to - from + 1 }, (_, i) => from + i)
      : [];
  });
  return cores.length >= 2 ? cores.at(-1) : undefined;
}
const pinnedCore = pinnableCore();

/**
 * How a lane's runner is started: through chrt (SCHED_IDLE) or nice, so that every thread of the
 * runner and of the processes its tests start has the policy from the first (Linux's nice is per
 * thread: renicing a Node process after it started leaves the threads it had made at nice 0); or
 * through taskset, pinned to one core with every thread and process it starts.
 */
function command(priority, args) {
  if (priority === 'pinned' && pinnedCore !== undefined)
    return [TASKSET, ['-c', String(pinnedCore), process.execPath, ...args]];
  if (priority === 'idle' && process.platform === 'linux' && existsSync(CHRT))
    return [CHRT, ['--idle', '0', process.execPath, ...args]];
  if (priority === 'idle' && existsSync(NICE)) return [NICE, ['-n', '19', process.execPath, ...args]];
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
  if (priority === 'idle' && file === process.execPath)
    try {
      setPriority(child.pid, 19);
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
const [alone, timed, seconds, loose, untimed] = ['alone', 'timed', 'seconds', 'loose', 'untimed'].map(laneFiles);
const started = performance.now();

/**
 * The alone files first, then the timed ones: those beside the code (in-process timing of a few
 * ms: sleeps, a worker-thread run's lateness) before those that run the CLI. The seconds lane
 * starts once the alone files are done; the loose lane once the in-process ones are too.
 */
let aloneDone;
const afterAlone = new Promise((resolve) => (aloneDone = resolve));
let inProcessDone;
const afterInProcess = new Promise((resolve) => (inProcessDone = resolve));
const timedLane = (async () => {
  const parts = [await runLane(alone)];
  aloneDone();
  parts.push(await runLane(timed.filter((f) => f.startsWith('src'))));
  inProcessDone();
  parts.push(await runLane(timed.filter((f) => !f.startsWith('src'))));
  // No core to pin the seconds lane to: its files run here, after the timed ones.
  if (pinnedCore === undefined) parts.push(await runLane(seconds));
  return {
    status: parts.reduce((status, part) => status || part.status, 0),
    out: parts.map((part) => part.out).join(''),
    seconds: parts.reduce((sum, part) => sum + part.seconds, 0),
  };
})();
const secondsLane = (async () => {
  if (pinnedCore === undefined) return { status: 0, out: '', seconds: 0 };
  await afterAlone;
  return runLane(seconds, { priority: 'pinned', live: false });
})();

/**
 * The loose files, once the timed lane's in-process files are done, two at a time, the biggest
 * first so that both end together; each file's output kept whole.
 */
const looseLane = (async () => {
  // Their start (Chromium, tsx, two runners at once) stalls a normal-priority thread by tens of ms
  // (see above): a capacity search beside it once ended at its first steps, generator-limited; in
  // CI's clean clone a worker-thread run's lateness check, beside it, failed.
  await afterInProcess;
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
  return { status, out: outs.join('\n'), seconds: Math.round((performance.now() - started) / 1000) };
})();

const untimedLane = runLane(untimed, { priority: 'idle', live: false });
const [t, p, l, u] = await Promise.all([timedLane, secondsLane, looseLane, untimedLane]);
if (pinnedCore !== undefined)
  process.stdout.write(`\n# ---- seconds lane (${seconds.length} files, core ${pinnedCore}) ----\n${p.out}`);
process.stdout.write(`\n# ---- loose lane (${loose.length} files, idle) ----\n${l.out}`);
process.stdout.write(`\n# ---- untimed lane (${untimed.length} files, idle) ----\n${u.out}`);
const total = ((performance.now() - started) / 1000).toFixed(0);
const secondsSaid =
  pinnedCore === undefined
    ? `seconds ${seconds.length} files in the timed lane (no core to pin them to)`
    : `seconds ${seconds.length} files exit ${p.status} in ${p.seconds} s on core ${pinnedCore} after the alone ones`;
process.stdout.write(
  `\n# the 20 slowest tests:\n${slowest([t.out, p.out, l.out, u.out].join('\n'), 20)}\n` +
    `# lanes: alone and timed ${alone.length} + ${timed.length} files exit ${t.status} in ${t.seconds} s, ${secondsSaid}, ` +
    `loose ${loose.length} files exit ${l.status} in ${l.seconds} s, untimed ${untimed.length} files exit ${u.status} in ${u.seconds} s; ${total} s in all\n`,
);
process.exit(t.status || p.status || l.status || u.status ? 1 : 0);
