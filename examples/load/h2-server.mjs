// A small JSON API over HTTP/2 for examples/load/http2.load.ts: h2c (HTTP/2 by prior knowledge,
// no TLS), a list of items and a way to add one. Run it with `node examples/load/h2-server.mjs`
// (port 8082, or PORT); tests start it themselves with `startH2Server`, to count what arrives on
// how many connections.
import { createServer } from 'node:http2';

/**
 * Starts the API on 127.0.0.1.
 * @param {{ port?: number }} [options]
 * @returns {Promise<{ url: string, seen: () => { requests: Record<string, number>, connections: number, peakStreams: number }, close: () => Promise<void> }>}
 */
export async function startH2Server(options = {}) {
  const requests = {};
  const sessions = new Set();
  let connections = 0;
  let peakStreams = 0;
  const server = createServer();
  server.on('session', (session) => {
    connections++;
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });
  server.on('stream', (stream, headers) => {
    const key = `${headers[':method']} ${headers[':path']}`;
    requests[key] = (requests[key] ?? 0) + 1;
    const open = stream.session?.state.streamCount ?? 0;
    if (open > peakStreams) peakStreams = open;
    stream.on('error', () => {});
    const chunks = [];
    stream.on('data', (c) => chunks.push(c));
    stream.on('end', () => {
      if (stream.closed) return;
      const [status, body] = answer(String(headers[':method']), String(headers[':path']), Buffer.concat(chunks));
      stream.respond({ ':status': status, 'content-type': 'application/json' });
      stream.end(JSON.stringify(body));
    });
  });
  await new Promise((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    seen: () => ({ requests: { ...requests }, connections, peakStreams }),
    close: () =>
      new Promise((resolve) => {
        for (const s of sessions) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** @returns {[number, unknown]} */
function answer(method, path, body) {
  if (method === 'GET' && path === '/items') return [200, [{ id: 1, name: 'item 1' }]];
  if (method === 'POST' && path === '/items') {
    try {
      const { name } = JSON.parse(body.toString());
      return typeof name === 'string' ? [201, { id: 2, name }] : [400, { error: 'name must be a text' }];
    } catch {
      return [400, { error: 'not JSON' }];
    }
  }
  return [404, { error: 'no such path' }];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { url } = await startH2Server({ port: Number(process.env.PORT ?? 8082) });
  console.log(`HTTP/2 (h2c) API on ${url}`);
}
