// Runs every test file (src/**/*.test.ts beside the code, test/**/*.test.ts for end-to-end) with
// Node's test runner and tsx, in two lanes side by side, each one file at a time:
// - timed: the files that time anything (load runs and their rates, latencies, a signal's
//   deadline, a benchmark), at normal priority;
// - untimed: the rest (parsers, schemas, the package, crafted files), at the lowest priority
//   (SCHED_IDLE where Linux has chrt, else nice 19), so it takes only the CPU the timed lane leaves idle. Every timed test must pass
//   with one busy loop beside it on two cores; this lane is less than that.
// A file names its lane in a line `// test-lane: timed` or `// test-lane: untimed`; without one, a
// file in test/ is timed and a file in src/ untimed. Run one after the other, the suite took 832 s
// on this 2-core machine; side by side, about the timed lane's 630 s. The untimed lane's output is
// printed after the timed lane's, not interleaved. Files given as arguments run in one lane.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { join } from 'node:path';

const CHRT = '/usr/bin/chrt';

function find(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : find(p);
    return e.name.endsWith('.test.ts') ? [p] : [];
  });
}

function laneOf(file) {
  const said = /^\/\/ test-lane: (timed|untimed)\b/m.exec(readFileSync(file, 'utf8').slice(0, 2000));
  if (said) return said[1];
  return file.startsWith('src') ? 'untimed' : 'timed';
}

/** Runs files with the test runner; resolves with its exit status and, if piped, what it printed. */
function runLane(files, { niced = false, piped = false } = {}) {
  if (files.length === 0) return Promise.resolve({ status: 0, out: '' });
  const args = ['--import', 'tsx', '--test', '--test-reporter=tap', '--test-concurrency=1', ...files];
  // Linux's SCHED_IDLE (util-linux's chrt): the lane runs only on a core nothing else wants, and a
  // timed test's thread that wakes takes the core back at once. Nice 19 alone still made a timed
  // test's generator late by over 10 ms (a p99 of 40 sends) beside npm and Chromium.
  const idle = niced && process.platform === 'linux' && existsSync(CHRT);
  const child = spawn(idle ? CHRT : process.execPath, idle ? ['--idle', '0', process.execPath, ...args] : args, {
    stdio: ['ignore', piped ? 'pipe' : 'inherit', piped ? 'pipe' : 'inherit'],
  });
  // The test files' processes start from the runner, and inherit its policy and priority.
  if (niced)
    try {
      setPriority(child.pid, 19);
    } catch {
      // Not allowed here: the lane runs at normal priority.
    }
  const chunks = [];
  child.stdout?.on('data', (c) => chunks.push(c));
  child.stderr?.on('data', (c) => chunks.push(c));
  return new Promise((resolve) => {
    child.on('close', (status) => resolve({ status: status ?? 1, out: Buffer.concat(chunks).toString('utf8') }));
  });
}

const given = process.argv.slice(2);
if (given.length > 0) {
  const { status } = await runLane(given);
  process.exit(status);
}
const files = [...find('src'), ...find('test')].sort();
const timed = files.filter((f) => laneOf(f) === 'timed');
const untimed = files.filter((f) => laneOf(f) === 'untimed');
const started = performance.now();
const [t, u] = await Promise.all([runLane(timed), runLane(untimed, { niced: true, piped: true })]);
process.stdout.write(`\n# ---- untimed lane (${untimed.length} files, niced, beside the timed lane) ----\n${u.out}`);
const seconds = ((performance.now() - started) / 1000).toFixed(0);
process.stdout.write(
  `# lanes: timed ${timed.length} files exit ${t.status}, untimed ${untimed.length} files exit ${u.status}; ${seconds} s\n`,
);
process.exit(t.status || u.status);
