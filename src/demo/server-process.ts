import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { stockService } from './stock-service.js';

// The demo service runs in a process of its own, as a real backend would: it shares the CPU
// with the load generator but not its event loop, and the generator's CPU and memory figures
// stay its own.
process.once('message', (msg: { codes: string[] }) => {
  const { handle, stats } = stockService({ codes: msg.codes });
  const server = createServer({ keepAliveTimeout: 30_000 }, handle);
  server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as AddressInfo).port }));
  process.on('message', (m: unknown) => {
    if (m !== 'stop') return;
    server.closeAllConnections();
    server.close(() => process.send?.({ stats }, () => process.exit(0)));
  });
  process.on('disconnect', () => process.exit(0));
});
