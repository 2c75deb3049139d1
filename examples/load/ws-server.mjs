// A small chat service over WebSocket for examples/load/chat.load.ts: a session joins a room, says
// something, and leaves; each message is answered with one of its own. Run it with
// `node examples/load/ws-server.mjs` (port 8083, or PORT); tests start it themselves with
// `startWsServer`, to count what arrives and to drop some sessions mid-way.
import { WebSocketServer } from 'ws';

/**
 * Starts the service on 127.0.0.1, at ws://…/chat. `dropEvery`: every n-th session is dropped
 * (its connection destroyed, no close frame) when its second message arrives, as a service that
 * loses sessions mid-way; `delayMs`: each answer waits that long.
 * @param {{ port?: number, dropEvery?: number, delayMs?: number }} [options]
 * @returns {Promise<{ url: string, seen: () => { sessions: number, dropped: number, messages: Record<string, number> }, close: () => Promise<void> }>}
 */
export async function startWsServer(options = {}) {
  const messages = {};
  let sessions = 0;
  let dropped = 0;
  const server = new WebSocketServer({
    host: '127.0.0.1',
    port: options.port ?? 0,
    path: '/chat',
    perMessageDeflate: false,
  });
  server.on('connection', (socket) => {
    const index = ++sessions;
    let received = 0;
    socket.on('error', () => {});
    socket.on('message', (data) => {
      received++;
      let message;
      try {
        message = JSON.parse(data.toString());
      } catch {
        socket.send(JSON.stringify({ type: 'error', error: 'not JSON' }));
        return;
      }
      const type = String(message.type);
      messages[type] = (messages[type] ?? 0) + 1;
      if (options.dropEvery && index % options.dropEvery === 0 && received === 2) {
        dropped++;
        socket.terminate();
        return;
      }
      const answer = answerTo(message);
      if (options.delayMs) setTimeout(() => socket.send(answer), options.delayMs);
      else socket.send(answer);
    });
  });
  await new Promise((resolve) => server.on('listening', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/chat`,
    seen: () => ({ sessions, dropped, messages: { ...messages } }),
    close: () =>
      new Promise((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}

/** The answer to a message: joined, said (with the text), left, or an error. */
function answerTo(message) {
  switch (message.type) {
    case 'join':
      return JSON.stringify({ type: 'joined', room: message.room });
    case 'say':
      return JSON.stringify({ type: 'said', text: message.text });
    case 'leave':
      return JSON.stringify({ type: 'left' });
    default:
      return JSON.stringify({ type: 'error', error: `unknown type ${message.type}` });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { url } = await startWsServer({ port: Number(process.env.PORT ?? 8083) });
  console.log(`chat service at ${url.replace('http', 'ws')}`);
}
