// test-lane: loose (it counts sessions and messages and judges whole runs: scripts/run-tests.mjs runs it at idle priority beside the timed lane)
// WebSocket through the protocol seam: each arrival a session (its connect, then a message per
// --ws-send, each answered before the next), counted at a `ws` server and judged by kind.
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
// @ts-expect-error: the example server is plain JavaScript, as a user would run it.
import { startWsServer } from '../examples/load/ws-server.mjs';
import type { RunResult } from '../src/load/result/index.js';
import { lptf } from './helpers/cli.js';
import { closedPort } from './helpers/target.js';
import { assertExitIsVerdict, assertTargetChecksPass, assertTargetFailed, readSummary } from './helpers/verdict.js';

interface Seen {
  readonly sessions: number;
  readonly dropped: number;
  readonly messages: Record<string, number>;
}
interface Server {
  readonly url: string;
  seen(): Seen;
  close(): Promise<void>;
}

const root = fileURLToPath(new URL('..', import.meta.url));
const CHAT = ['--ws-send', '{"type": "join"}', '--ws-send', '{"type": "say", "text": "hi {{seq}}"}'];
const THREE = [...CHAT, '--ws-send', '{"type": "leave"}'];

let server: Server;
before(async () => {
  server = (await startWsServer()) as Server;
});
after(() => server.close());

/** Runs lptf against a server, into a new folder; its exit and summary. */
async function run(
  url: string,
  args: readonly string[],
): Promise<{ r: Awaited<ReturnType<typeof lptf>>; s: RunResult }> {
  const out = await mkdtemp(join(tmpdir(), 'lptf-ws-'));
  const r = await lptf(['run', url, '--protocol', 'ws', ...args, '-q', '-o', out]);
  assert.ok(r.code !== 2, r.stderr);
  return { r, s: await readSummary(out) };
}

test('200 sessions a second, each 3 exchanges: the server sees every session and message, each step its own group, every figure counted', async () => {
  const before = server.seen();
  const { r, s } = await run(server.url, [
    ...THREE,
    '--ws-expect',
    '/"type":"(joined|said|left)"/',
    '-r',
    '200',
    '-d',
    '3s',
  ]);
  assertExitIsVerdict(r, s);
  const seen = server.seen();
  assert.equal(seen.sessions - before.sessions, 600);
  for (const type of ['join', 'say', 'leave'])
    assert.equal((seen.messages[type] ?? 0) - (before.messages[type] ?? 0), 600, type);
  assert.deepEqual(
    Object.entries(s.groups).map(([g, x]) => [g, x.requests.sent, x.requests.ok]),
    [
      ['default', 600, 600],
      ['default.1', 600, 600],
      ['default.2', 600, 600],
      ['default.3', 600, 600],
    ],
  );
  assert.equal(s.target.protocol, 'ws');
  assert.deepEqual(s.errors, {});
  assert.deepEqual(s.statuses, { '101': 2400 });
  // Each step timed: the connect with its TCP connect, each message from its send to its reply.
  for (const g of ['default', 'default.1', 'default.2', 'default.3'])
    assert.ok((s.groups[g]?.latencyMs.count ?? 0) === 600, g);
});

test('a server that drops 5% of its sessions mid-way: 5% ± 1% of the sessions fail, as ws_closed, where they stood; their later messages are never sent', async () => {
  const dropping = (await startWsServer({ dropEvery: 20 })) as Server;
  try {
    const { r, s } = await run(dropping.url, [...THREE, '-r', '200', '-d', '3s']);
    assertTargetFailed(r, s);
    const seen = dropping.seen();
    assert.equal(seen.sessions, 600);
    assert.equal(seen.dropped, 30);
    const failed = Object.values(s.errors).reduce((n, k) => n + k, 0);
    assert.deepEqual(s.errors, { ws_closed: 30 });
    assert.ok(Math.abs(failed / 600 - 0.05) <= 0.01, `${failed} of 600 sessions failed`);
    // Dropped on their second message: that step fails, the third is never sent.
    assert.equal(s.groups['default.2']?.errors['ws_closed'], 30);
    assert.equal(s.groups['default.3']?.requests.sent, 570);
    assert.equal(seen.messages['leave'], 570);
    assert.match(s.groups['default.2']?.examples['ws_closed']?.[0] ?? '', /the session was closed: 1006/);
  } finally {
    await dropping.close();
  }
});

test('a reply that does not hold what --ws-expect says fails as ws_unexpected, showing the reply; the session ends there', async () => {
  const before = server.seen();
  const { r, s } = await run(server.url, [...CHAT, '--ws-expect', '"type":"welcome"', '-r', '20', '-d', '1s']);
  assertTargetFailed(r, s);
  assert.deepEqual(s.errors, { ws_unexpected: 20 });
  assert.match(
    s.groups['default.1']?.examples['ws_unexpected']?.[0] ?? '',
    /message 1: the reply "\{\\"type\\":\\"joined\\"\}" does not hold "type":"welcome"/,
  );
  assert.equal(s.groups['default.2'], undefined, 'no second message is sent');
  assert.equal((server.seen().messages['say'] ?? 0) - (before.messages['say'] ?? 0), 0);
});

test('an upgrade answered with another status, a refused connection and a reply that never comes each fail by their kind', async () => {
  const wrongPath = await run(server.url.replace('/chat', '/other'), [...CHAT, '-r', '10', '-d', '1s']);
  assert.deepEqual(wrongPath.s.errors, { http_400: 10 });
  const down = await run(`http://127.0.0.1:${await closedPort()}/chat`, [...CHAT, '-r', '10', '-d', '1s']);
  assert.deepEqual(down.s.errors, { refused: 10 });
  const slow = (await startWsServer({ delayMs: 2_000 })) as Server;
  try {
    const late = await run(slow.url, [...CHAT, '-r', '10', '-d', '1s', '--timeout', '300ms']);
    assertTargetFailed(late.r, late.s);
    assert.deepEqual(late.s.errors, { timeout: 10 });
    assert.equal(late.s.groups['default.1']?.errors['timeout'], 10);
    // The session that timed out ends: its second message is never sent.
    assert.equal(slow.seen().messages['say'], undefined);
  } finally {
    await slow.close();
  }
});

test('the chat example runs as written: each message a group of its scenario, judged by its checks', async () => {
  const out = await mkdtemp(join(tmpdir(), 'lptf-ws-example-'));
  const r = await lptf(['run', 'examples/load/chat.load.ts', '-d', '2s', '-q', '-o', out], {
    cwd: root,
    env: { LPTF_URL: server.url },
  });
  const s = await readSummary(out);
  // Its latency checks pass, or the run says its generator was late (this lane runs at idle priority).
  assertExitIsVerdict(r, s);
  if (r.code === 0) await assertTargetChecksPass(r, join(out, 'summary.json'));
  assert.deepEqual(Object.keys(s.groups), ['chat', 'chat.1', 'chat.2', 'chat.3']);
  for (const g of ['chat', 'chat.1', 'chat.2', 'chat.3']) assert.equal(s.groups[g]?.requests.ok, 400, g);
});

test('bad ws input is refused before any traffic (exit 2), every problem named', async () => {
  const before = server.seen().sessions;
  const r = await lptf([
    'run',
    server.url,
    '--protocol',
    'ws',
    ...CHAT,
    '--ws-expect',
    'a',
    '--ws-expect',
    'b',
    '--ws-expect',
    'c',
    '--ws-expect',
    '/(/',
    '--body',
    'x',
    '--follow-redirects',
    '3',
    '-d',
    '1s',
  ]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--ws-expect: \/\(\/: Invalid regular expression/);
  assert.match(r.stderr, /--body: ws: a session sends its --ws-send messages: give them there/);
  assert.match(r.stderr, /--follow-redirects: ws: an upgrade is answered where it is sent/);
  const count = await lptf([
    'run',
    server.url,
    '--protocol',
    'ws',
    ...CHAT,
    '--ws-expect',
    'a',
    '--ws-expect',
    'b',
    '--ws-expect',
    'c',
    '-d',
    '1s',
  ]);
  assert.equal(count.code, 2);
  assert.match(count.stderr, /--ws-expect: 3 expectations for 2 messages: give one for every message, or one for each/);
  const scheme = await lptf(['run', server.url.replace('http', 'ws'), '--protocol', 'ws', '-d', '1s']);
  assert.equal(scheme.code, 2);
  assert.match(
    scheme.stderr,
    /a WebSocket is opened from its http URL: give http:\/\/127\.0\.0\.1:\d+\/chat with --protocol ws/,
  );
  assert.equal(server.seen().sessions, before, 'nothing was sent');
});
