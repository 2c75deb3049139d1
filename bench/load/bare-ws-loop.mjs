// The floor a Node WebSocket load generator can reach: the `ws` client with nothing around it, a
// closed loop of `concurrency` sessions, each connecting, sending `messages` in turn (each on the
// reply to the one before), closing, and starting over. argv: url, concurrency, messages, seconds.
// Prints {"sessions": n, "seconds": s}.
import { WebSocket } from 'ws';

const [url, concurrency, messages, secs] = process.argv.slice(2);
const target = url.replace(/^http/, 'ws');
const body = [
  JSON.stringify({ type: 'join' }),
  JSON.stringify({ type: 'say', text: 'hi' }),
  JSON.stringify({ type: 'leave' }),
];
let sessions = 0;
let stop = false;
const session = () => {
  const socket = new WebSocket(target, { perMessageDeflate: false });
  let sent = 0;
  socket.on('open', () => socket.send(body[sent++ % body.length]));
  socket.on('message', () => {
    if (sent < Number(messages)) socket.send(body[sent++ % body.length]);
    else socket.close(1000);
  });
  socket.on('close', () => {
    sessions++;
    if (!stop) session();
  });
  socket.on('error', () => {});
};
const t0 = performance.now();
for (let i = 0; i < Number(concurrency); i++) session();
setTimeout(() => {
  stop = true;
  process.stdout.write(JSON.stringify({ sessions, seconds: (performance.now() - t0) / 1000 }));
  process.exit(0);
}, Number(secs) * 1000);
