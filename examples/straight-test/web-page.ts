// The seed paper's web page straight test, as a Node server: five phases (sleeps of
// 1000/100/2000/50/50 ms) sent as Server-Timing (see them in the browser's devtools, Network →
// Timing), and the same five phases across a session's pages at /_lptf/session/page.
// Run: node --import tsx examples/straight-test/web-page.ts, then open http://127.0.0.1:8090/
import { createServer } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { serverTiming, sessionTiming, timerOf } from '../../src/timing/index.js';

const timing = serverTiming();
const sessions = sessionTiming({ route: '/_lptf/session' });
const SLEEPS: [string, number][] = [
  ['phase 1', 1000],
  ['phase 2', 100],
  ['phase 3', 2000],
  ['phase 4', 50],
  ['phase 5', 50],
];

const server = createServer((req, res) => {
  timing(req, res);
  sessions.middleware(req, res, async () => {
    if (req.url === '/') {
      // One page: the five phases inside one request.
      for (const [name, ms] of SLEEPS) {
        await sleep(ms);
        timerOf(req)?.phaseEnd(name);
      }
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end('<p>Timed: see Server-Timing, or <a href="/page/1">the session pages</a>.</p>');
      return;
    }
    const n = Number(/^\/page\/(\d)$/.exec(req.url ?? '')?.[1]);
    if (n >= 1 && n <= 5) {
      // One page per phase: the session timer spans them (the paper keeps its tester in the session).
      const [name, ms] = SLEEPS[n - 1]!;
      await sleep(ms);
      const t = sessions.timerOf(req)!;
      if (n === 5) t.end(name);
      else t.phaseEnd(name);
      const next =
        n < 5
          ? `<a href="/page/${n + 1}">next page</a>`
          : '<a href="/_lptf/session/page">see the session\'s phases</a>';
      res.writeHead(200, { 'content-type': 'text/html' }).end(`<p>Page ${n} (${ms} ms). ${next}</p>`);
      return;
    }
    res.writeHead(404).end();
  });
});
server.listen(8090, '127.0.0.1', () => console.log('http://127.0.0.1:8090/'));
