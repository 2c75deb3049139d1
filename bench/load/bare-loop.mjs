// The floor a Node load generator can reach: a bare `net.Socket` loop with no parsing beyond
// finding the end of each (fixed-length) answer. argv: url, connections, seconds, [rate].
// Without a rate: closed loop, each connection sends on its answer. With one: open model,
// paced by a 1 ms-granularity timer like any Node tool. Prints {"requests": n, "seconds": s}, and
// with a rate the send lateness (ms after each due time) at p99.9 and max, as lptf reports its own.
import net from 'node:net';

const [url, conns, secs, rate] = process.argv.slice(2);
const { hostname, port, pathname } = new URL(url);
const req = `GET ${pathname} HTTP/1.1\r\nHost: ${hostname}:${port}\r\n\r\n`;
const idle = [];
const lateness = [];
let done = 0;
let stop = false;
const onAnswer = (sock) => {
  done++;
  if (stop) return;
  if (rate) idle.push(sock);
  else sock.write(req);
};
const sockets = Array.from({ length: Number(conns) }, () => {
  const s = net.connect({ host: hostname, port: Number(port), noDelay: true });
  s.on('data', (d) => d.indexOf('\r\n\r\n') >= 0 && onAnswer(s));
  return s;
});
await Promise.all(sockets.map((s) => new Promise((r) => s.once('connect', r))));
if (rate) idle.push(...sockets);
const t0 = performance.now();
if (rate) {
  let sent = 0;
  const interval = 1000 / Number(rate);
  const tick = () => {
    const now = performance.now() - t0;
    const due = Math.floor(now / interval) + 1;
    for (; sent < due; sent++) {
      lateness.push(now - sent * interval);
      idle.pop()?.write(req);
    }
    if (!stop) setTimeout(tick, Math.max(1, Math.ceil(sent * interval - (performance.now() - t0))));
  };
  tick();
} else for (const s of sockets) s.write(req);
setTimeout(() => {
  stop = true;
  lateness.sort((a, b) => a - b);
  const at = (q) => lateness[Math.min(lateness.length - 1, Math.floor(q * lateness.length))] ?? null;
  const latenessMs = { p999: at(0.999), max: lateness[lateness.length - 1] ?? null };
  process.stdout.write(JSON.stringify({ requests: done, seconds: (performance.now() - t0) / 1000, latenessMs }));
  process.exit(0);
}, Number(secs) * 1000);
