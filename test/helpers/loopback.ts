import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * A folder inside the package, so a load file written there resolves `import … from 'lptf/load'`
 * to this build, as it would from node_modules; removed after the test file's tests.
 *
 * @example
 * ```ts
 * const scratch = await packageScratch('redirects-')
 * ```
 */
export async function packageScratch(prefix: string): Promise<string> {
  await mkdir(join(root, '.scratch'), { recursive: true });
  const dir = await mkdtemp(join(root, '.scratch', prefix));
  after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * An HTTP server on 127.0.0.1 for a test file, listening now and closed after its tests; its URL
 * (no trailing slash).
 *
 * @example
 * ```ts
 * const url = await loopbackServer((req, res) => res.end('ok'))
 * ```
 */
export async function loopbackServer(handler: RequestListener): Promise<string> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
