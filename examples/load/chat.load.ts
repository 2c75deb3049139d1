// A WebSocket service under load: 200 sessions a second, each joining a room, saying something and
// leaving, every message answered before the next is sent. The connect (the upgrade) is recorded
// in the scenario's group, `chat`; each message in `chat.1`, `chat.2`, `chat.3`, timed from its
// send to its reply.
//   node examples/load/ws-server.mjs &
//   npx lptf run examples/load/chat.load.ts
// In your own project: import { loadTest } from 'lptf/load';
import { loadTest } from '../../src/load/script/load-test.js';

export default loadTest({
  url: 'http://127.0.0.1:8083/chat',
  protocol: 'ws',
  protocolOptions: {
    wsSend: [
      '{"type": "join", "room": "room-{{seq}}"}',
      '{"type": "say", "text": "hello from {{seq}}"}',
      '{"type": "leave"}',
    ],
    // One per message: the reply each must get.
    wsExpect: ['"type":"joined"', '/"type":"said","text":"hello from \\d+"/', '"type":"left"'],
  },
  rate: 200,
  duration: '5s',
  checks: ['p(95){scenario:chat} <= 50ms', 'p(95){scenario:chat.2} <= 50ms', 'error_rate <= 1%'],
  scenarios: {
    chat: { request: { path: '/chat' } },
  },
});
