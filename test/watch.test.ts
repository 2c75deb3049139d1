// test-lane: seconds (it times events of whole processes in seconds: a signal, a kill, a watchdog; scripts/run-tests.mjs runs it at normal priority on one core, as at idle priority their start-up alone can take longer)
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { CheckResult } from '../src/core/checks/index.js';
import type { Measurement, RunResult } from '../src/load/result/index.js';
import { browserMissing, drawnCharts, launchBrowser, watchedPage } from './helpers/browser.js';
import { lptf } from './helpers/cli.js';
import { firstNodeOnly } from './helpers/first-node.js';
import { closedPort, startTarget, type Target } from './helpers/target.js';
import { assertExitIsVerdict, assertTargetFailed } from './helpers/verdict.js';

const LEAKY = fileURLToPath(new URL('./fixtures/leaky-server.mjs', import.meta.url));
const node = JSON.stringify(process.execPath);

const read = async <T>(file: string): Promise<T> => JSON.parse(await readFile(file, 'utf8')) as T;
const failed = (r: RunResult): string[] => r.checks.filter((c: CheckResult) => !c.pass).map((c) => c.name);
const accepts = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => resolve(!s.destroy()));
    s.once('error', () => resolve(false));
  });

// One loopback target for every test here.
let target: Target;
before(async () => {
  target = await startTarget({ delayMs: 2 });
});
after(async () => {
  await target.close();
});

// Two tests at a time: each watches its own service on its own port, into its own folder, and
// their bounds are seconds (a service killed 5 s after the run; a wait stopped at once).
describe('watching the server beside the load', {
  skip: process.platform !== 'linux' && 'reads /proc',
  concurrency: 2,
}, () => {
  test('a service that leaks 5 MB/s, started by --watch-cmd: its memory climbs in every output, the growth check fails, and the service is stopped', {
    skip: firstNodeOnly,
  }, async () => {
    const port = await closedPort();
    const out = await mkdtemp(join(tmpdir(), 'lptf-watch-leak-'));
    const stream = join(out, 'stream.ndjson');
    const r = await lptf([
      'run',
      `http://127.0.0.1:${port}/`,
      '-r',
      '50',
      '-d',
      '6s',
      '--watch-cmd',
      `PORT=${port} LEAK_MB_PER_S=5 API_KEY=s3cr3t ${node} ${LEAKY}`,
      '--check',
      'server_rss_growth <= 10MB',
      '--check',
      'error_rate <= 1%',
      '--stream',
      stream,
      '--format',
      'html',
      '--lang',
      'en',
      '-o',
      out,
    ]);
    const s = await read<RunResult>(join(out, 'summary.json'));
    assertTargetFailed(r, s);
    // The leak fails the run, and nothing on the target's answers does.
    assert.deepEqual(
      failed(s).filter((n) => !/^(delivered|send_lateness)/.test(n)),
      ['server_rss_growth <= 10MB'],
    );
    assert.equal(s.requests.ok, 300);
    const [server] = s.servers ?? [];
    assert.ok(server);
    assert.equal(server.kind, 'process');
    // ~5 MB for each of the ~5-6 seconds read; the first reading comes a second in.
    assert.ok(
      server.memGrowthMB !== null && server.memGrowthMB > 15 && server.memGrowthMB < 45,
      `growth ${server.memGrowthMB} MB`,
    );
    const mem = server.seconds.map((x) => x.memMB);
    assert.ok(mem.length >= 5, `${mem.length} seconds read`);
    assert.ok((mem.at(-1) as number) - (mem[0] as number) > 15, mem.join(' '));
    assert.ok(server.seconds.every((x) => x.threads !== undefined && x.threads > 0 && x.cpu >= 0));
    // The credential in the command is in no output.
    assert.match(server.name, /^--watch-cmd PORT=\d+ LEAK_MB_PER_S=5 API_KEY=\[redacted\] /);
    const everything = [
      r.stdout,
      r.stderr,
      await readFile(join(out, 'summary.json'), 'utf8'),
      await readFile(join(out, 'measure.json'), 'utf8'),
      await readFile(join(out, 'report.md'), 'utf8'),
      await readFile(join(out, 'report.html'), 'utf8'),
      await readFile(stream, 'utf8'),
    ];
    for (const text of everything) assert.doesNotMatch(text, /s3cr3t/);
    // Every output has the server: the reports' table and chart, measure.json, the stream.
    assert.match(r.stdout, /Servers watched beside the load: CPU and memory/);
    assert.match(r.stdout, /memory growth/);
    assert.match(await readFile(join(out, 'report.html'), 'utf8'), /data-chart="servers"/);
    if (!browserMissing()) {
      // The chart draws the series: memory (the right scale) that climbs.
      const browser = await launchBrowser();
      try {
        const { page, problems } = await watchedPage(browser);
        await page.goto(`file://${join(out, 'report.html')}`);
        await page.waitForFunction(() => document.querySelectorAll('[data-chart] canvas').length === 5);
        assert.equal((await drawnCharts(page))['servers'], true);
        const drawn = await page.evaluate(() => {
          const plot = (
            window as unknown as { lptfPlots(): Record<string, { data: (number | null)[][] }> }
          ).lptfPlots()['servers'];
          return plot?.data[2] ?? [];
        });
        assert.deepEqual(drawn, mem);
        assert.deepEqual(problems, []);
      } finally {
        await browser.close();
      }
    }
    const m = await read<Measurement>(join(out, 'measure.json'));
    assert.deepEqual(m.servers?.[0]?.seconds, server.seconds);
    const lines = (await readFile(stream, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.ok(lines.some((l) => l.servers?.[0]?.memMB > 0));
    // lptf started the service, and stopped it.
    assert.equal(await accepts(port), false, 'the service still accepts connections');
    // lptf report renders it again from summary.json.
    const again = await lptf(['report', out, '--format', 'text']);
    assert.match(again.stdout, /memory growth/, again.stderr);
  });

  test('--watch-pid: a process that exits mid-run leaves the run going, the report says when it vanished, and a server check that passed on it proves nothing: inconclusive (N43)', async () => {
    // It exits 2 s after lptf says the run starts, within its 3 s (not 1.5 s after its spawn:
    // beside another test on one core, lptf once started after it had gone).
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    let killAt: NodeJS.Timeout | undefined;
    const out = await mkdtemp(join(tmpdir(), 'lptf-watch-gone-'));
    const r = await lptf(
      [
        'run',
        target.url,
        '-r',
        '20',
        '-d',
        '3s',
        '--watch-pid',
        String(child.pid),
        '--check',
        'server_cpu <= 90%',
        '-o',
        out,
        '--lang',
        'en',
      ],
      {
        onStderr: (text) => {
          if (killAt === undefined && /Ctrl-C stops and still reports/.test(text))
            killAt = setTimeout(() => child.kill(), 2000);
        },
      },
    );
    clearTimeout(killAt);
    child.kill();
    assert.equal(r.code, 3, r.stderr + r.stdout);
    const s = await read<RunResult>(join(out, 'summary.json'));
    assert.equal(s.requests.sent, 60);
    assert.equal(s.verdict, 'inconclusive');
    assert.match(r.stdout, /exited during the run: its checks passed on the seconds before, not on the run/);
    const server = s.servers?.[0];
    assert.ok(
      server?.vanishedAtSec !== undefined && server.vanishedAtSec >= 1 && server.vanishedAtSec <= 3,
      JSON.stringify(server),
    );
    assert.match(r.stdout, new RegExp(`pid ${child.pid} \\(node\\): the process was gone at second \\d`));
  });

  test('a server that does not leak passes the server checks; the checks are in the report', async () => {
    const port = await closedPort();
    const service = spawn(process.execPath, [LEAKY], {
      env: { ...process.env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await once(service.stdout, 'data');
    try {
      const r = await lptf([
        'run',
        `http://127.0.0.1:${port}/`,
        '-r',
        '50',
        '-d',
        '4s',
        '--watch-pid',
        String(service.pid),
        '--check',
        'server_cpu <= 80%',
        '--check',
        'server_rss_growth <= 50MB',
        '--lang',
        'en',
      ]);
      assert.match(r.stdout, /server CPU, mean\s+[\d.]+%\s+<= 80%\s+✔ pass/);
      assert.match(r.stdout, /server memory growth\s+-?[\d.]+MB\s+<= 50MB\s+✔ pass/);
    } finally {
      service.kill();
    }
  });

  test('segments each watch their own server; lptf merge keeps every server, named by its segment, and judges the worst', async () => {
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
    try {
      const dirs = await Promise.all([0, 1].map(() => mkdtemp(join(tmpdir(), 'lptf-watch-seg-'))));
      const start = String(Date.now() + 1500);
      const runs = await Promise.all(
        dirs.map((out, i) =>
          lptf([
            'run',
            target.url,
            '-r',
            '20',
            '-d',
            '2s',
            '--segment',
            `${i}/2`,
            '--seed',
            '1',
            '--start-at',
            start,
            '--watch-pid',
            String(sleeper.pid),
            '--check',
            'server_rss_growth <= 1GB',
            '-q',
            '-o',
            out,
          ]),
        ),
      );
      for (const [i, r] of runs.entries())
        assertExitIsVerdict(r, await read<RunResult>(join(dirs[i] as string, 'summary.json')));
      const out = await mkdtemp(join(tmpdir(), 'lptf-watch-merged-'));
      const merged = await lptf(['merge', ...dirs, '-o', out]);
      const s = await read<RunResult>(join(out, 'summary.json'));
      assertExitIsVerdict(merged, s);
      assert.deepEqual(
        s.servers?.map((x) => x.name),
        [0, 1].map((i) => `segment ${i}/2: pid ${sleeper.pid} (node)`),
      );
      const check = s.checks.find((c) => c.name === 'server_rss_growth <= 1024MB');
      assert.ok(check?.pass && check.actual !== null, JSON.stringify(check));
    } finally {
      sleeper.kill();
    }
  });

  test('a --watch-cmd service that ignores SIGTERM is killed 5 s after the run, and lptf ends (hostile N42)', {
    timeout: 60_000,
  }, async () => {
    const port = await closedPort();
    const pidFile = join(await mkdtemp(join(tmpdir(), 'lptf-watch-stubborn-')), 'pid');
    const started = performance.now();
    const r = await lptf([
      'run',
      `http://127.0.0.1:${port}/`,
      '-r',
      '20',
      '-d',
      '1s',
      '--watch-cmd',
      `PORT=${port} IGNORE_SIGTERM=1 PID_FILE=${pidFile} ${node} ${LEAKY}`,
    ]);
    const took = performance.now() - started;
    assert.equal(r.code, 0, r.stderr);
    // The run (1 s), the service's start, and the 5 s it has to stop: not for ever, as it was.
    assert.ok(took < 20_000, `lptf took ${Math.round(took)} ms`);
    const pid = Number(await readFile(pidFile, 'utf8'));
    // Gone, or a zombie no one reaps (its shell is gone; pid 1 of a container may never reap it).
    // SIGKILL was sent before lptf ended; on a busy core the process may take a moment to be
    // scheduled and die (CI, Node 24: still R as lptf ended), so it has 2 s, not for ever.
    const stateOf = (): Promise<string> =>
      readFile(`/proc/${pid}/stat`, 'utf8').then(
        (s) => s.slice(s.lastIndexOf(')') + 2, s.lastIndexOf(')') + 3),
        () => 'gone',
      );
    let state = await stateOf();
    for (const until = performance.now() + 2000; state !== 'gone' && state !== 'Z' && performance.now() < until; )
      state = await new Promise<void>((r) => setTimeout(r, 50)).then(stateOf);
    assert.ok(state === 'gone' || state === 'Z', `the service outlived the run (state ${state})`);
  });

  test('Ctrl-C while --watch-cmd waits for its service stops the wait and the service, at once', async () => {
    const port = await closedPort();
    const started = performance.now();
    // Half a second after lptf says the run starts, it waits for the service that never listens.
    const r = await lptf(['run', `http://127.0.0.1:${port}/`, '-r', '10', '-d', '5s', '--watch-cmd', 'sleep 30'], {
      interruptAfterMs: 500,
      interruptOn: /Ctrl-C stops and still reports/,
    });
    assert.equal(r.code, 130, r.stderr);
    assert.match(r.stderr, /--watch-cmd: stopped while waiting for 127\.0\.0\.1:\d+; nothing was sent/);
    // Its service would have been waited for 30 s (--watch-ready-timeout).
    assert.ok(performance.now() - started < 6000, 'waited for the service anyway');
  });

  test('bad watch input is refused before any traffic, with exit 2 and what went wrong', async () => {
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}/`;
    const cases: [string[], RegExp][] = [
      [['--watch-pid', 'abc'], /--watch-pid: must be a whole number >= 1; got "abc"/],
      [['--watch-pid', '4194000'], /--watch-pid 4194000: no such process on this machine/],
      [
        ['--watch-cmd', 'echo boom >&2; exit 3'],
        /--watch-cmd "echo boom >&2; exit 3": exited \(exit code 3\) before 127\.0\.0\.1:\d+ accepted connections; it printed:\nboom/,
      ],
      [
        ['--watch-cmd', 'sleep 30', '--watch-ready-timeout', '1s'],
        /--watch-cmd "sleep 30": 127\.0\.0\.1:\d+ accepted no connection within 1 s; it printed nothing/,
      ],
      [
        ['--check', 'server_cpu <= 80%'],
        /"server_cpu <= 80%" needs a watched server: add --watch-pid, --watch-cmd or --watch-node-exporter/,
      ],
      [['--check', 'server_cpu <= 0.8'], /"0\.8" is not a CPU share; write a percentage of one core/],
      [['--watch-node-exporter', 'ftp://127.0.0.1/'], /a node exporter speaks http or https, not ftp:/],
      [
        ['--watch-node-exporter', `http://127.0.0.1:${port}`],
        /--watch-node-exporter http:\/\/127\.0\.0\.1:\d+\/metrics: cannot be read: connect ECONNREFUSED 127\.0\.0\.1:\d+/,
      ],
      [['--prometheus-rw', 'nope'], /--prometheus-rw: "nope" is not a URL/],
      // A failing service's command line is echoed by the one redaction rule (hostile N41).
      [
        ['--watch-cmd', 'API_KEY=K3Y-S3CR3T sh -c "echo token=T0K-S3CR3T; exit 3" --password P4SS-S3CR3T'],
        /--watch-cmd "API_KEY=\[redacted\] sh -c .* --password \[redacted\]": exited \(exit code 3\)[\s\S]*token=\[redacted\]/,
      ],
    ];
    for (const [args, message] of cases) {
      const started = performance.now();
      const r = await lptf(['run', url, '-r', '10', '-d', '1s', ...args]);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message, args.join(' '));
      assert.doesNotMatch(r.stderr, /S3CR3T/, 'a credential in clear');
      // "sleep 30" was stopped at the timeout, not waited for.
      assert.ok(performance.now() - started < 10_000, `${args.join(' ')} took too long`);
    }
    // Something already answers on the port: --watch-cmd would watch one server and load another.
    const busy = createServer((_req, res) => res.end());
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const busyPort = (busy.address() as AddressInfo).port;
    try {
      const r = await lptf(['run', `http://127.0.0.1:${busyPort}/`, '-r', '10', '-d', '1s', '--watch-cmd', 'sleep 5']);
      assert.equal(r.code, 2);
      assert.match(
        r.stderr,
        /something already accepts connections on 127\.0\.0\.1:\d+; stop it first, or watch it with --watch-pid/,
      );
    } finally {
      busy.close();
    }
  });
});

describe('Prometheus remote write, against endpoints that fail', () => {
  test('an endpoint that is down or never answers neither slows nor stops the run; what did not arrive is said', {
    skip: firstNodeOnly,
  }, async () => {
    const down = `http://127.0.0.1:${await closedPort()}/api/v1/write`;
    const hung: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    const slow = `http://127.0.0.1:${(hung.address() as AddressInfo).port}/api/v1/write`;
    try {
      // The two runs side by side: each pushes to its own endpoint, and each bound is its own.
      const runs = [
        [
          down,
          /Prometheus remote write to http:\/\/127\.0\.0\.1:\d+\/api\/v1\/write: \d+ pushes: [1-9]\d* failed \(last: connect ECONNREFUSED/,
        ],
        [slow, /\d+ pushes: \d+ failed.*, [1-9]\d* skipped while the one before was still in flight/],
      ] as const;
      await Promise.all(
        runs.map(async ([endpoint, said]) => {
          const started = performance.now();
          const r = await lptf(['run', target.url, '-r', '50', '-d', '3s', '--prometheus-rw', endpoint, '-q']);
          assertExitIsVerdict(r);
          assert.match(r.stderr, said);
          // The hung endpoint's last push is given up after 10 s at most; the run itself took 3 s.
          assert.ok(performance.now() - started < 16_000);
        }),
      );
    } finally {
      hung.closeAllConnections();
      hung.close();
    }
  });
});
