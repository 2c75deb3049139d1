// test-lane: seconds (it times events of whole processes in seconds: a signal, a kill, a watchdog; scripts/run-tests.mjs runs it at normal priority on one core, as at idle priority their start-up alone can take longer)
// User code runs only where the user asked for it: a load file's request() and check() are called
// once per request the target sees, a warm-up adds exactly its own calls, and setup() runs once.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import type { RunResult } from '../src/load/result/index.js';
import { loadTest } from '../src/load/script/index.js';
import { CLI, lptf } from './helpers/cli.js';
import { loopbackServer, packageScratch } from './helpers/loopback.js';

const scratch = await packageScratch('user-code-');
const seen: Record<string, number> = {};
const url = await loopbackServer((req, res) => {
  const key = `${req.method} ${req.url?.split('?')[0]}`;
  seen[key] = (seen[key] ?? 0) + 1;
  let body = '';
  req.on('data', (c: Buffer) => (body += c));
  req.on('end', () => res.end(req.url === '/login' ? '{"token":"t-42"}' : 'ok'));
});

const reset = (): void => {
  for (const k of Object.keys(seen)) delete seen[k];
};

/** A load file whose request() and check() each append a byte to a file of their own, per call. */
async function countingFile(
  name: string,
  extra = '',
): Promise<{ file: string; calls(): Promise<{ request: number; check: number }> }> {
  const requests = join(scratch, `${name}.requests`);
  const checks = join(scratch, `${name}.checks`);
  const file = join(scratch, `${name}.load.ts`);
  await writeFile(
    file,
    `import { appendFileSync } from 'node:fs';
import { loadTest } from 'lptf/load';
export default loadTest({
  url: '${url}',
  rate: 20,
  duration: '2s',
  checks: ['error_rate <= 0%'],${extra}
  scenarios: {
    counted: {
      request: () => { appendFileSync(${JSON.stringify(requests)}, 'x'); return { path: '/counted' }; },
      check: (res) => { appendFileSync(${JSON.stringify(checks)}, 'x'); return res.text === 'ok'; },
    },
  },
});
`,
  );
  const size = (f: string): Promise<number> =>
    readFile(f).then(
      (b) => b.length,
      () => 0,
    );
  return { file, calls: async () => ({ request: await size(requests), check: await size(checks) }) };
}

test("request() and check() run once per request the target saw: lptf's warm start calls no user code", async () => {
  reset();
  const { file, calls } = await countingFile('plain');
  const run = await lptf(['run', file, '-q']);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(seen['GET /counted'], 40);
  assert.deepEqual(await calls(), { request: 40, check: 40 });
});

test('--warmup 50 sends 50 real arrivals first, through the same code, and no figure or check counts them', async () => {
  reset();
  const { file, calls } = await countingFile('warm');
  const out = join(scratch, 'warm-out');
  const run = await lptf(['run', file, '-q', '--warmup', '50', '-o', out]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(seen['GET /counted'], 90);
  assert.deepEqual(await calls(), { request: 90, check: 90 });
  const s = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as RunResult;
  assert.equal(s.requests.sent, 40);
  assert.equal(s.groups['counted']?.requests.sent, 40);
  assert.deepEqual({ ...s.warmup, seconds: 0 }, { arrivals: 50, sent: 50, ok: 50, failed: 0, errors: {}, seconds: 0 });
  assert.match(run.stdout, /A warm-up went before the measured start: 50 arrivals, 50 sent, 50 OK/);
  // On two worker threads the warm-up is shared as the run is: 50 in all, not 50 each.
  reset();
  const two = await lptf(['run', file, '-q', '--warmup', '50', '--workers', '2']);
  assert.equal(two.code, 0, two.stderr);
  assert.equal(seen['GET /counted'], 90);
});

test('setup() runs once per test process, even on two worker threads; what it returns reaches every thread as ctx.setup; teardown() gets it after the last answer', async () => {
  reset();
  const file = join(scratch, 'setup.load.ts');
  const out = join(scratch, 'setup-out');
  await writeFile(
    file,
    `import { loadTest } from 'lptf/load';
export default loadTest({
  url: '${url}',
  rate: 40,
  duration: '1s',
  workers: 2,
  checks: ['error_rate <= 0%'],
  setup: async ({ request }) => {
    const res = await request({ method: 'POST', path: '/login', body: { user: 'ann' } });
    return { token: (res.json() as { token: string }).token };
  },
  teardown: async (data, { request }) => {
    await request({ method: 'DELETE', path: '/sessions/' + data.token });
  },
  scenarios: {
    me: { request: (ctx) => ({ path: '/me/' + ctx.setup.token }) },
  },
});
`,
  );
  const run = await lptf(['run', file, '-q', '-o', out]);
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual({ ...seen }, { 'POST /login': 1, 'GET /me/t-42': 40, 'DELETE /sessions/t-42': 1 });
  const s = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as RunResult;
  assert.equal(s.requests.sent, 40);
  assert.equal(s.lifecycle?.setup?.requests, 1);
  assert.equal(s.lifecycle?.teardown?.requests, 1);
  assert.ok(s.notes.some((n) => /^setup\(\) sent 1 request\(s\) \(1 OK, 0 failed\)/.test(n.en)));
});

test('a setup() that throws stops the run before any traffic (exit 2); a teardown() that throws is said and exits 1', async () => {
  reset();
  const file = join(scratch, 'bad-setup.load.ts');
  await writeFile(
    file,
    `import { loadTest } from 'lptf/load';
export default loadTest({
  url: '${url}',
  rate: 40,
  duration: '1s',
  setup: async ({ request }) => { await request({ path: '/login' }); throw new Error('no such user'); },
  scenarios: { me: { request: { path: '/me' } } },
});
`,
  );
  const run = await lptf(['run', file, '-q']);
  assert.equal(run.code, 2, run.stderr);
  assert.match(run.stderr, /setup\(\) threw Error: no such user; the run did not start/);
  assert.deepEqual({ ...seen }, { 'GET /login': 1 });
  reset();
  const after = join(scratch, 'bad-teardown.load.ts');
  await writeFile(
    after,
    `import { loadTest } from 'lptf/load';
export default loadTest({
  url: '${url}',
  rate: 40,
  duration: '500ms',
  teardown: () => { throw new Error('could not clean up'); },
  scenarios: { me: { request: { path: '/me' } } },
});
`,
  );
  const torn = await lptf(['run', after, '-q']);
  assert.equal(torn.code, 1, torn.stderr);
  assert.match(torn.stderr, /teardown\(\) threw Error: could not clean up/);
  assert.equal(seen['GET /me'], 20);
});

test("setup()'s value types ctx.setup and teardown()'s argument (this file compiles only if it does)", () => {
  const typed = loadTest({
    url: 'http://127.0.0.1:1',
    setup: async () => ({ token: 't' }),
    teardown: (data) => data.token.length,
    scenarios: { a: { request: (ctx) => ({ path: `/${ctx.setup.token.toUpperCase()}` }) } },
  });
  assert.equal(typeof typed.options.setup, 'function');
});

test('Ctrl-C twice while setup() still runs stops the run (exit 130) with no traffic and no teardown()', async () => {
  reset();
  const file = join(scratch, 'hung-setup.load.ts');
  await writeFile(
    file,
    `import { loadTest } from 'lptf/load';
export default loadTest({
  url: '${url}',
  rate: 20,
  duration: '2s',
  // Waits on a timer, as a setup() waiting on a service that never answers waits on its socket.
  setup: () => new Promise<{ n: number }>(() => setInterval(() => undefined, 1000)),
  teardown: async (_data, { request }) => { await request({ path: '/teardown' }); },
  scenarios: { me: { request: { path: '/me' } } },
});
`,
  );
  const child = spawn(process.execPath, [CLI, 'run', file, '-q'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c));
  const started = performance.now();
  setTimeout(() => child.kill('SIGINT'), 1_500);
  setTimeout(() => child.kill('SIGINT'), 2_000);
  const [code] = (await once(child, 'exit')) as [number | null];
  assert.equal(code, 130, stderr);
  assert.ok(performance.now() - started < 10_000, 'it waited for the setup');
  assert.match(stderr, /interrupted while setup\(\) ran: the run did not start/);
  assert.deepEqual({ ...seen }, {});
});

test('a load file that ends the process is never a silent pass: process.exit(0) or a never-settling await at import exits 2, in a request() exits 1, each said (N9, N10)', async () => {
  const file = async (name: string, top: string, request = "{ path: '/' }"): Promise<string> => {
    const path = join(scratch, `${name}.load.ts`);
    await writeFile(
      path,
      `import { loadTest } from 'lptf/load';
let n = 0;
${top}
export default loadTest({ url: ${JSON.stringify(url)}, rate: 20, duration: '2s', scenarios: { a: { request: () => (++n === 5 ? process.exit(0) : ${request}) } } });
`,
    );
    return path;
  };
  const atImport = await lptf(['run', await file('exits', 'process.exit(0);'), '-q']);
  assert.equal(atImport.code, 2, atImport.stderr);
  assert.match(atImport.stderr, /exits\.load\.ts called process\.exit\(0\) while it loaded; nothing was run/);
  const hangs = await lptf(['run', await file('awaits', 'await new Promise(() => {});'), '-q']);
  assert.equal(hangs.code, 2, hangs.stderr);
  assert.match(hangs.stderr, /awaits\.load\.ts never finished loading: a top-level await in it never settles/);
  const midRun = await lptf(['run', await file('quits', ''), '-q']);
  assert.equal(midRun.code, 1, midRun.stderr);
  assert.match(
    midRun.stderr,
    /the run was ended by a process\.exit\(0\) in user code before it finished: nothing was reported/,
  );
});

test('a late throw and a forgotten rejection in a load file do not take the run down, on one thread or two: counted, said, written, exit 1 (N16, N17)', async () => {
  const file = join(scratch, 'late.load.ts');
  await writeFile(
    file,
    `import { loadTest } from 'lptf/load';
setTimeout(() => { throw new Error('late boom'); }, 600);
setTimeout(() => { Promise.reject(new Error('late rejection')); }, 900);
export default loadTest({ url: ${JSON.stringify(url)}, rate: 20, duration: '1500ms', scenarios: { a: { request: { path: '/late' } } } });
`,
  );
  for (const threads of ['1', '2']) {
    const out = join(scratch, `late-${threads}`);
    const r = await lptf(['run', file, '-q', '-w', threads, '-o', out]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(
      r.stderr,
      /code threw outside any request: Error: late boom \(at .*late\.load\.ts:2:\d+\)\); the run goes on/,
    );
    assert.match(r.stderr, /Error: late rejection/);
    const result = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as RunResult;
    assert.equal(result.requests.sent, 30, 'every arrival sent');
    assert.ok(
      result.notes.some((n) => /Code threw [2-9] time\(s\) outside any request/.test(n.en)),
      JSON.stringify(result.notes),
    );
    assert.ok(!existsSync(join(out, 'incomplete.json')), 'the folder is whole');
  }
});
