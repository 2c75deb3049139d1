// test-lane: timed (a 1,000/s open model and a stream's timings: scripts/run-tests.mjs runs it at normal priority)
// gRPC through the protocol seam: unary and server-streaming calls from a .proto file, counted at
// a @grpc/grpc-js server, each status a kind.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
// @ts-expect-error: the example server is plain JavaScript, as a user would run it.
import { startGrpcServer } from '../examples/load/grpc-server.mjs';
import type { RunResult } from '../src/load/result/index.js';
import { lptf } from './helpers/cli.js';
import { assertExitIsVerdict, assertTargetChecksPass, assertTargetFailed, readSummary } from './helpers/verdict.js';

interface Seen {
  readonly hello: number;
  readonly unavailable: number;
  readonly count: number;
  readonly metadata: Record<string, number>;
}
interface Server {
  readonly url: string;
  seen(): Seen;
  close(): Promise<void>;
}

const root = fileURLToPath(new URL('..', import.meta.url));
const PROTO = join(root, 'examples/load/grpc/hello.proto');
const HELLO = ['--protocol', 'grpc', '--grpc-proto', PROTO, '--grpc-method', 'lptf.example.Greeter/SayHello'];
const COUNT = ['--protocol', 'grpc', '--grpc-proto', PROTO, '--grpc-method', 'lptf.example.Greeter/Count'];

let server: Server;
before(async () => {
  server = (await startGrpcServer()) as Server;
});
after(() => server.close());

async function run(
  url: string,
  args: readonly string[],
): Promise<{ r: Awaited<ReturnType<typeof lptf>>; s: RunResult; out: string }> {
  const out = await mkdtemp(join(tmpdir(), 'lptf-grpc-'));
  const r = await lptf(['run', url, ...args, '-q', '-o', out]);
  assert.ok(r.code !== 2, r.stderr);
  return { r, s: await readSummary(out), out };
}

test('unary calls at 1,000/s: the server counts every call, with its metadata; each is OK', async () => {
  const before = server.seen();
  const { r, s, out } = await run(server.url, [
    ...HELLO,
    '--grpc-message',
    '{"name": "user {{seq}}"}',
    '-H',
    'x-team: search',
    '-r',
    '1000',
    '-d',
    '3s',
  ]);
  await assertTargetChecksPass(r, join(out, 'summary.json'));
  assertExitIsVerdict(r, s);
  const seen = server.seen();
  assert.equal(seen.hello - before.hello, 3000);
  assert.equal((seen.metadata['x-team'] ?? 0) - (before.metadata['x-team'] ?? 0), 3000);
  assert.equal(s.requests.sent, 3000);
  assert.equal(s.requests.ok, 3000);
  assert.equal(s.target.protocol, 'grpc');
  assert.deepEqual(s.statuses, { '200': 3000 });
});

test('a service that answers UNAVAILABLE to every 10th call: 10% of the calls fail, as grpc_unavailable, with its details', async () => {
  const shedding = (await startGrpcServer({ unavailableEvery: 10 })) as Server;
  try {
    const { r, s } = await run(shedding.url, [...HELLO, '-r', '200', '-d', '2s']);
    assertTargetFailed(r, s);
    assert.equal(shedding.seen().hello, 400);
    assert.deepEqual(s.errors, { grpc_unavailable: 40 });
    assert.match(
      s.groups['default']?.examples['grpc_unavailable']?.[0] ?? '',
      /status UNAVAILABLE \(14\): shedding load/,
    );
  } finally {
    await shedding.close();
  }
});

test('a server stream of 10 messages, one every 20 ms: timed to its first message and to its end', async () => {
  const before = server.seen().count;
  const { r, s } = await run(server.url, [
    ...COUNT,
    '--grpc-message',
    '{"to": 10, "every_ms": 20}',
    '-r',
    '20',
    '-d',
    '1s',
  ]);
  assertExitIsVerdict(r, s);
  assert.equal(server.seen().count - before, 20);
  assert.equal(s.requests.ok, 20);
  // The first message comes at once (its time to first byte); the tenth 9 × 20 ms later (the end).
  const first = s.wire?.ttfb.p50 ?? Number.NaN;
  const rest = s.wire?.download.p50 ?? Number.NaN;
  assert.ok(first < 60, `to the first message: p50 ${first} ms`);
  assert.ok(rest >= 175 && rest < 350, `from the first message to the end: p50 ${rest} ms`);
  assert.ok((s.latencyMs.p50 ?? 0) >= 180 && (s.latencyMs.p50 ?? 0) < 400, `to the end: p50 ${s.latencyMs.p50} ms`);
  assert.equal(s.wire?.ttfb.count, 20);
});

test('a deadline shorter than the call, and a method the server does not have, fail by their status', async () => {
  const late = await run(server.url, [
    ...COUNT,
    '--grpc-message',
    '{"to": 10, "every_ms": 100}',
    '--timeout',
    '300ms',
    '-r',
    '10',
    '-d',
    '1s',
  ]);
  assertTargetFailed(late.r, late.s);
  assert.deepEqual(late.s.errors, { grpc_deadline_exceeded: 10 });
  // The client's .proto has a method the server's has not.
  const dir = await mkdtemp(join(tmpdir(), 'lptf-grpc-proto-'));
  const wider = join(dir, 'hello.proto');
  await writeFile(
    wider,
    (await readFile(PROTO, 'utf8')).replace(
      'service Greeter {',
      'service Greeter {\n  rpc Wave (HelloRequest) returns (HelloReply);',
    ),
  );
  const missing = await run(server.url, [
    '--protocol',
    'grpc',
    '--grpc-proto',
    wider,
    '--grpc-method',
    'lptf.example.Greeter/Wave',
    '-r',
    '10',
    '-d',
    '1s',
  ]);
  assertTargetFailed(missing.r, missing.s);
  assert.deepEqual(missing.s.errors, { grpc_unimplemented: 10 });
});

test('a message that is not JSON fails as grpc_bad_message and is never sent', async () => {
  const before = server.seen().hello;
  const { r, s } = await run(server.url, [...HELLO, '--grpc-message', '{"name": {{seq}', '-r', '10', '-d', '1s']);
  assertTargetFailed(r, s);
  assert.deepEqual(s.errors, { grpc_bad_message: 10 });
  assert.equal(s.requests.sent, 0, 'sent is what left the client');
  assert.match(s.examples['grpc_bad_message']?.[0] ?? '', /the message is not JSON: \{"name": /);
  assert.equal(server.seen().hello, before);
});

test('the example load file runs as written, its metadata from its headers', async () => {
  const before = server.seen();
  const out = await mkdtemp(join(tmpdir(), 'lptf-grpc-example-'));
  const r = await lptf(['run', 'examples/load/grpc.load.ts', '-d', '2s', '-q', '-o', out], {
    cwd: root,
    env: { LPTF_URL: server.url },
  });
  await assertTargetChecksPass(r, join(out, 'summary.json'));
  const seen = server.seen();
  assert.equal(seen.hello - before.hello, 400);
  assert.equal((seen.metadata['x-team'] ?? 0) - (before.metadata['x-team'] ?? 0), 400);
});

test('bad gRPC input is refused before any traffic (exit 2), every problem named', async () => {
  const before = server.seen().hello;
  const r = await lptf([
    'run',
    server.url,
    '--protocol',
    'grpc',
    '--grpc-proto',
    PROTO,
    '--grpc-method',
    'lptf.example.Greeter/Wave',
    '-d',
    '1s',
  ]);
  assert.equal(r.code, 2);
  assert.match(
    r.stderr,
    /--grpc-method: .*hello\.proto has no method lptf\.example\.Greeter\/Wave; its services: lptf\.example\.Greeter/,
  );
  const none = await lptf([
    'run',
    server.url,
    '--protocol',
    'grpc',
    '--grpc-method',
    'nonsense',
    '--body',
    'x',
    '--follow-redirects',
    '3',
    '-d',
    '1s',
  ]);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /--follow-redirects: grpc: a gRPC call is answered where it is sent, never redirected/);
  assert.match(none.stderr, /--grpc-proto: grpc: give the \.proto file/);
  assert.match(none.stderr, /--grpc-method: "nonsense" is not package\.Service\/Method/);
  assert.match(none.stderr, /--body: grpc: a call sends --grpc-message/);
  assert.equal(server.seen().hello, before, 'nothing was sent');
});
