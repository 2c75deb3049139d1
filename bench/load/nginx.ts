// Starts Debian's nginx (one worker) on a free loopback port for the load benchmark: `/` answers
// a 17-byte body without logging (closed-loop runs), `/log` does the same and logs each arrival's
// time ($msec) so pacing can be judged at the server; a second port answers `/` over h2c.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';

/**
 * A running nginx for the benchmark.
 *
 * @example
 * ```ts
 * const ngx = await startNginx(dir); console.log(ngx.url); await ngx.stop()
 * ```
 */
export interface Nginx {
  readonly url: string;
  /** The same answers over HTTP/2 by prior knowledge (h2c), no log. */
  readonly h2cUrl: string;
  /** Arrival times (ms since the epoch) logged on `/log` since the last call. */
  arrivals(): Promise<number[]>;
  stop(): Promise<void>;
}

/** Where Debian puts nginx (packages nginx, nginx-light). */
export const NGINX_PATHS = ['/usr/sbin/nginx', '/usr/bin/nginx'];

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/**
 * Starts nginx, or returns undefined if it is not installed.
 *
 * @example
 * ```ts
 * const ngx = await startNginx('/tmp/lptf-bench')
 * ```
 */
export async function startNginx(dir: string): Promise<Nginx | undefined> {
  const bin = NGINX_PATHS.find((p) => existsSync(p));
  if (!bin) return undefined;
  const port = await freePort();
  const h2c = await freePort();
  const log = join(dir, 'arrivals.log');
  await mkdir(join(dir, 'logs'), { recursive: true });
  const conf = join(dir, 'nginx.conf');
  await writeFile(
    conf,
    `worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 10000000;
  keepalive_timeout 300s;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  log_format arrival '$msec';
  server {
    listen 127.0.0.1:${port};
    location / { default_type text/plain; return 200 "hello from nginx\\n"; }
    location /log { access_log ${log} arrival buffer=256k flush=200ms; default_type text/plain; return 200 "hello from nginx\\n"; }
  }
  server {
    listen 127.0.0.1:${h2c} http2;
    http2_max_concurrent_streams 1000;
    location / { default_type text/plain; return 200 "hello from nginx\\n"; }
  }
}
`,
  );
  const child: ChildProcess = spawn(bin, ['-c', conf, '-p', dir], { stdio: 'ignore' });
  for (let i = 0; i < 50; i++) {
    const up = await fetch(`http://127.0.0.1:${port}/`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await writeFile(log, '');
  return {
    url: `http://127.0.0.1:${port}`,
    h2cUrl: `http://127.0.0.1:${h2c}`,
    async arrivals() {
      await new Promise((r) => setTimeout(r, 500)); // the log is flushed every 200 ms
      const text = await readFile(log, 'utf8');
      await writeFile(log, ''); // nginx opened it with O_APPEND: it goes on writing at the new end
      return text
        .split('\n')
        .filter(Boolean)
        .map((l) => Number(l) * 1000);
    },
    async stop() {
      child.kill('SIGQUIT');
      await new Promise((r) => child.once('exit', r));
    },
  };
}
