// test-lane: loose (it times in seconds or judges whole runs: scripts/run-tests.mjs runs it at idle priority beside the timed lane)
// Redirects are followed as k6 and Gatling follow them: each hop counted, the request judged on
// its last answer and timed from its first request's intended send; a flow's hops carry its
// cookies; a loop or another origin fails with its own kind.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import type { RunResult } from '../src/load/result/index.js';
import { lptf } from './helpers/cli.js';
import { loopbackServer, packageScratch } from './helpers/loopback.js';
import { assertTargetChecksPass, assertTargetFailed, readSummary } from './helpers/verdict.js';

const scratch = await packageScratch('redirects-');
const seen: Record<string, number> = {};
const url = await loopbackServer((req, res) => {
  const path = req.url ?? '/';
  const key = `${req.method} ${path}${req.headers.cookie ? ` [${req.headers.cookie}]` : ''}`;
  seen[key] = (seen[key] ?? 0) + 1;
  req.resume();
  req.on('end', () => {
    if (path === '/login') {
      res.writeHead(303, { location: '/home', 'set-cookie': 'sid=abc; Path=/' });
      return res.end();
    }
    // The page after the login takes 40 ms: the login's latency must include it.
    if (path === '/home')
      return setTimeout(() => {
        res.writeHead(req.headers.cookie === 'sid=abc' ? 200 : 401);
        res.end('home');
      }, 40);
    if (path === '/loop') {
      res.writeHead(302, { location: '/loop' });
      return res.end();
    }
    if (path === '/away') {
      res.writeHead(302, { location: 'http://127.0.0.2:9/x' });
      return res.end();
    }
    res.end('ok');
  });
});
const reset = (): void => {
  for (const k of Object.keys(seen)) delete seen[k];
};

test("a login that answers 303 is followed to the page after it, with the flow's cookie, and timed to its last answer", async () => {
  reset();
  const file = join(scratch, 'login.load.ts');
  await writeFile(
    file,
    `import { loadTest } from 'lptf/load';
export default loadTest({
  url: '${url}',
  rate: 20,
  duration: '1s',
  checks: ['error_rate <= 0%'],
  scenarios: { shop: { steps: [{ name: 'login', request: { method: 'POST', path: '/login', body: '{"user":"ann"}' }, check: (res) => res.status === 200 && res.text === 'home' }] } },
});
`,
  );
  const out = join(scratch, 'login-out');
  const run = await lptf(['run', file, '-q', '-o', out]);
  await assertTargetChecksPass(run, join(out, 'summary.json'));
  assert.deepEqual({ ...seen }, { 'POST /login': 20, 'GET /home [sid=abc]': 20 });
  const s = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as RunResult;
  assert.equal(s.requests.sent, 20);
  assert.equal(s.requests.redirects, 20);
  assert.ok((s.latencyMs.p50 ?? 0) >= 40, String(s.latencyMs.p50));
});

test('a redirect loop fails as too_many_redirects after the limit; another origin as redirect_offsite; 0 judges a 3xx as it is', async () => {
  reset();
  const loop = await lptf(['run', `${url}/loop`, '-q', '-r', '10', '-d', '1s', '--follow-redirects', '3']);
  assertTargetFailed(loop);
  assert.equal(seen['GET /loop'], 40);
  assert.match(loop.stdout, /too_many_redirects\s+10\s+GET \/loop → 302 to \/loop: still redirected after 3 hop\(s\)/);
  const away = await lptf(['run', `${url}/away`, '-q', '-r', '10', '-d', '1s']);
  assertTargetFailed(away);
  assert.match(away.stdout, /redirect_offsite\s+10\s+GET \/away → 302 to http:\/\/127\.0\.0\.2:9\/x: another origin/);
  reset();
  const asIsOut = join(scratch, 'as-is');
  const asIs = await lptf([
    'run',
    `${url}/loop`,
    '-q',
    '-r',
    '10',
    '-d',
    '1s',
    '--follow-redirects',
    '0',
    '-o',
    asIsOut,
  ]);
  await assertTargetChecksPass(asIs, join(asIsOut, 'summary.json'));
  assert.equal((await readSummary(asIsOut)).requests.failed, 0, '302 judged as it is: a pass');
  assert.equal(seen['GET /loop'], 10);
});
