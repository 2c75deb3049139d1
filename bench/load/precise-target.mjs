// A target that answers every request after exactly argv[2] ms, to the tens of µs: a timer
// wakes it a millisecond early and it spins out the rest (fine at the low load it serves).
// Node's timers alone fire up to a millisecond late, depending on where in the loop's
// millisecond the request landed, which would blur a comparison of tools' medians.
import { createServer } from 'node:http';

const delayMs = Number(process.argv[2] ?? 10);
const server = createServer((req, res) => {
  const start = performance.now();
  req.resume();
  req.on('end', () => {
    const spin = () => (performance.now() - start >= delayMs ? res.end('ok') : setImmediate(spin));
    setTimeout(spin, Math.max(0, delayMs - 1.5));
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('disconnect', () => process.exit(0));
