// The same scenarios a load file writes for HTTP/1.1, sent over HTTP/2: a few connections, each
// carrying many requests at once (h2c here; an https:// URL negotiates h2 by ALPN).
//   node examples/load/h2-server.mjs &
//   npx lptf run examples/load/http2.load.ts
// In your own project: import { loadTest } from 'lptf/load';
import { loadTest } from '../../src/load/script/load-test.js';

export default loadTest({
  url: 'http://127.0.0.1:8082',
  protocol: 'http2',
  protocolOptions: { h2Connections: 2, h2Streams: 50 },
  rate: 200,
  duration: '5s',
  checks: ['p(95) <= 50ms', 'error_rate <= 1%'],
  scenarios: {
    list: { weight: 3, request: { path: '/items' } },
    add: {
      weight: 1,
      request: (ctx) => ({ method: 'POST', path: '/items', body: { name: `item ${ctx.seq}` } }),
      check: (res) => res.status === 201 || `expected 201 Created, got ${res.status}`,
    },
  },
});
