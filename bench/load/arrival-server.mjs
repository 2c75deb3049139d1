// A loopback target that notes when each request arrives, to the microsecond (nginx's $msec is
// whole milliseconds, too coarse for gaps of a few ms). A raw `net` server, so its own cost per
// arrival is small and the same for every tool. Answers each request head (GET, no body) with a
// fixed 2-byte body. IPC: sends {port} when listening; on 'take' replies with the arrival times
// (ms since the epoch, fractional) since the last 'take'.
import net from 'node:net';

const RESPONSE = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok';
let arrivals = [];
const server = net.createServer({ noDelay: true }, (sock) => {
  let tail = '';
  sock.on('data', (chunk) => {
    const at = performance.timeOrigin + performance.now();
    const text = tail + chunk.toString('latin1');
    let from = 0;
    for (let end = text.indexOf('\r\n\r\n'); end >= 0; end = text.indexOf('\r\n\r\n', from)) {
      arrivals.push(at);
      sock.write(RESPONSE);
      from = end + 4;
    }
    tail = text.slice(from);
  });
  sock.on('error', () => undefined);
});
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('message', (m) => {
  if (m !== 'take') return;
  process.send({ arrivals });
  arrivals = [];
});
process.on('disconnect', () => process.exit(0));
