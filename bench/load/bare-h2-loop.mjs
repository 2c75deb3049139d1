// The floor a Node HTTP/2 load generator can reach: Node's `http2` client with nothing around it,
// a closed loop of `streams` requests in flight on each of `connections` sessions, each sending
// its next on its answer's end. argv: url, connections, streams, seconds. Prints {"requests": n, "seconds": s}.
import http2 from 'node:http2';

const [url, conns, streams, secs] = process.argv.slice(2);
const { origin, pathname } = new URL(url);
let done = 0;
let stop = false;
const sessions = Array.from({ length: Number(conns) }, () => http2.connect(origin));
await Promise.all(sessions.map((s) => new Promise((r) => s.once('remoteSettings', r))));
const send = (session) => {
  const stream = session.request({ ':path': pathname });
  stream.on('data', () => {});
  stream.on('end', () => {
    done++;
    if (!stop) send(session);
  });
  stream.on('error', () => {});
};
const t0 = performance.now();
for (const s of sessions) for (let i = 0; i < Number(streams); i++) send(s);
setTimeout(() => {
  stop = true;
  process.stdout.write(JSON.stringify({ requests: done, seconds: (performance.now() - t0) / 1000 }));
  process.exit(0);
}, Number(secs) * 1000);
