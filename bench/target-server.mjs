// The benchmark's target: answers every request after a fixed delay (argv[2] ms) on
// 127.0.0.1, and records when each request arrived, so pacing is judged at the server.
import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';

const delayMs = Number(process.argv[2] ?? 20);
let arrivals = [];
const server = createServer((req, res) => {
  arrivals.push(performance.now());
  req.resume();
  req.on('end', () => setTimeout(() => res.end('ok'), delayMs));
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('message', (m) => {
  if (m === 'take') {
    process.send({ arrivals });
    arrivals = [];
  }
});
process.on('disconnect', () => process.exit(0));
