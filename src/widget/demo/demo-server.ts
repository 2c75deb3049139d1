import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { type Role, singleFile } from '../../core/single-file.js';
import type { WidgetCredentials, WidgetWire } from '../protocol/index.js';
import type { StockServiceStats } from './stock-service.js';

/**
 * A running demo service.
 *
 * @example
 * ```ts
 * const server: DemoServer = await startDemoServer(hkStockCodes(300))
 * ```
 */
export interface DemoServer {
  readonly url: string;
  /** Stops the service and returns what it counted. */
  stop(): Promise<StockServiceStats>;
}

/**
 * Starts the demo stock service on 127.0.0.1 (a free port) in a child process; with
 * `protocol`, it speaks the WeChat widget protocol with those credentials.
 *
 * @example
 * ```ts
 * const server = await startDemoServer(hkStockCodes(300))
 * // … load test server.url …
 * const stats = await server.stop()
 * ```
 */
export async function startDemoServer(
  codes: readonly string[],
  protocol?: { credentials: WidgetCredentials; wire: WidgetWire },
): Promise<DemoServer> {
  const single = singleFile();
  const child = fork(single ?? fileURLToPath(new URL('./server-process.js', import.meta.url)), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    ...(single ? { env: { ...process.env, LPTF_ROLE: 'demo-server' satisfies Role } } : {}),
  });
  const c = protocol?.credentials;
  child.send({
    codes,
    ...(c && protocol
      ? { protocol: { token: c.token, key: c.key.toString('base64'), appId: c.appId, ghId: c.ghId, ...protocol.wire } }
      : {}),
  });
  const [first] = (await once(child, 'message')) as [{ port: number }];
  return {
    url: `http://127.0.0.1:${first.port}/widget`,
    async stop() {
      const reply = once(child, 'message') as Promise<[{ stats: StockServiceStats }]>;
      child.send('stop');
      const [msg] = await reply;
      return msg.stats;
    },
  };
}
