import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { stockService } from './stock-service.js';

// The demo service runs in a process of its own, as a real backend would: it shares the CPU
// with the load generator but not its event loop, and the generator's CPU and memory figures
// stay its own.
interface Start {
  codes: string[];
  protocol?: { token: string; key: string; appId: string; ghId: string; plain: boolean; format: 'json' | 'xml' };
}

process.once('message', (msg: Start) => {
  const p = msg.protocol;
  const protocol = p && {
    credentials: { token: p.token, key: Buffer.from(p.key, 'base64'), appId: p.appId, ghId: p.ghId },
    wire: { plain: p.plain, format: p.format },
  };
  const { handle, stats } = stockService({ codes: msg.codes, ...(protocol ? { protocol } : {}) });
  const server = createServer({ keepAliveTimeout: 30_000 }, handle);
  server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as AddressInfo).port }));
  process.on('message', (m: unknown) => {
    if (m !== 'stop') return;
    server.closeAllConnections();
    server.close(() => process.send?.({ stats }, () => process.exit(0)));
  });
  process.on('disconnect', () => process.exit(0));
});
