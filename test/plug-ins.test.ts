// test-lane: seconds (its run at 40/s shares the event loop with its target: at idle priority its sends were 178 ms late and 13% of its plan undelivered; scripts/run-tests.mjs runs it at normal priority on one core)
// A protocol and a format added from outside lptf's source, as a user's project would add them:
// each is one object and one `register` line, and every part of lptf (flags, config, validation,
// redaction, the run, the report, `--out`, `lptf report`) picks it up.
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import '../src/builtins.js';
import '../src/result-types.js';
import { executeRun, type RunIo } from '../src/cli/execute-run.js';
import { redactArgs } from '../src/cli/redact.js';
import { InvalidInputError } from '../src/core/errors/index.js';
import { parseConfig } from '../src/load/plan/index.js';
import type { Protocol } from '../src/load/protocol/protocol.js';
import { protocols } from '../src/load/protocol/protocols.js';
import { runKind } from '../src/load/report/run-kind.js';
import { textReport } from '../src/load/report/text-report.js';
import type { RunResult } from '../src/load/result/index.js';
import type { Reporter } from '../src/output/index.js';
import { readResult } from '../src/output/index.js';

/** Sends `<greeting> <seq>` and accepts an answer that echoes the greeting; tallies the echo as a code. */
const echo: Protocol = {
  name: 'toy-echo',
  fields: [
    {
      key: 'greeting',
      flags: '--greeting <text>',
      help: 'toy-echo: what to send',
      group: 'request',
      env: 'LPTF_TOY_GREETING',
      secret: true,
    },
  ],
  bind(ctx) {
    const greeting = ctx.get('greeting');
    if (!greeting) return void ctx.problem({ where: '--greeting', message: 'toy-echo needs a greeting' });
    return {
      name: 'toy-echo',
      keepBody: true,
      requestBuilder: (request) => (testCase, seq) => ({
        method: 'POST',
        path: request.path.render({ testCase, seq }),
        headers: {},
        body: `${String(greeting.value)} ${seq}`,
      }),
      classifier: () => (res) =>
        res.body?.toString().startsWith(String(greeting.value))
          ? { ok: true, code: 'echoed' }
          : { ok: false, kind: 'toy_no_echo' },
    };
  },
  sections: (result) => [{ id: 'toy', title: 'Echoes', lines: [`echoed: ${result.errCodes['echoed'] ?? 0}`] }],
};
protocols.register(echo);

const tsv: Reporter<RunResult> = {
  name: 'tsv',
  file: 'report.tsv',
  render: (r) => `sent\tok\n${r.requests.sent}\t${r.requests.ok}\n`,
};
runKind.reporters.register(tsv);

let server: http.Server;
let url = '';
const bodies: string[] = [];
before(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c));
    req.on('end', () => {
      bodies.push(body);
      res.end(body.startsWith('hello') ? body : 'no');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/echo`;
});
after(() => server.close());

const quiet: RunIo = { stdout: { write: () => true }, stderr: { write: () => true }, onSignal: () => () => undefined };
const layer = (values: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { value: v, where: `--${k}` }]));

test('a protocol registered from outside is sent, judged, reported, and its format written and re-rendered', async () => {
  const out = await mkdtemp(join(tmpdir(), 'lptf-plug-'));
  const { code, result } = await executeRun(
    [
      layer({
        url,
        protocol: 'toy-echo',
        greeting: 'hello',
        rate: 40,
        duration: '1s',
        out,
        formats: ['tsv'],
        // The target shares this test's event loop, so one stall of it makes a send of 40 late
        // (Node 24 in CI, once): a warning beside passing checks, never a failure.
        checks: ['error_rate <= 1%'],
      }),
    ],
    quiet,
    'test',
  );
  assert.equal(code, 0, JSON.stringify(result.checks.filter((c) => !c.pass)));
  assert.equal(result.target.protocol, 'toy-echo');
  assert.equal(result.requests.ok, 40);
  assert.deepEqual(result.errCodes, { echoed: 40 });
  assert.deepEqual(bodies.slice(0, 3), ['hello 0', 'hello 1', 'hello 2']);
  assert.match(textReport(result), /Echoes\n {2}echoed: 40/);
  assert.equal(await readFile(join(out, 'report.tsv'), 'utf8'), 'sent\tok\n40\t40\n');
  const saved = await readResult(out);
  assert.equal(saved.kind, runKind);
  assert.equal(runKind.reporters.get('tsv').render(saved.result as RunResult), 'sent\tok\n40\t40\n');
});

test("a protocol's fields are validated with the plan, read from config files, and redacted as secrets", async () => {
  await assert.rejects(
    executeRun([layer({ url, protocol: 'toy-echo', rate: 0 })], quiet, 'test'),
    (err: InvalidInputError) =>
      err instanceof InvalidInputError &&
      err.problems.some((p) => p.where === '--greeting') &&
      err.problems.some((p) => p.where === '--rate'),
  );
  assert.deepEqual(parseConfig('greeting: hi\n', 'toy.yaml')['greeting'], {
    value: 'hi',
    where: 'toy.yaml:1 greeting',
  });
  assert.deepEqual(redactArgs(['--greeting', 'hi', '--greeting=hi']), [
    '--greeting',
    '[redacted]',
    '--greeting=[redacted]',
  ]);
  await assert.rejects(
    executeRun([layer({ url, protocol: 'nope' })], quiet, 'test'),
    /unknown protocol "nope"; known: http, http2, wechat-widget, ws, grpc, toy-echo/,
  );
});
