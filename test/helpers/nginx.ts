import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What nginx logged of each request: its connection's serial number, protocol and status. */
export interface Logged {
  readonly connection: string;
  readonly protocol: string;
  readonly status: number;
}

/** A running Debian nginx with HTTP/2 listeners on loopback, logging every request. */
export interface Nginx {
  /** h2c: HTTP/2 by prior knowledge, no TLS. */
  readonly h2c: string;
  /** h2 over TLS (the self-signed certificate of test/fixtures/tls), by ALPN. */
  readonly h2: string;
  /** h2c again, but with nginx's own default of 1,000 requests per connection: it sends GOAWAY after them. */
  readonly h2cCycling: string;
  /** The requests logged since the last call (by every listener). */
  logged(): Promise<Logged[]>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/**
 * Starts Debian's nginx (installed by `.ci/run`) in `dir`, one worker; fails clearly without it.
 *
 * @example
 * ```ts
 * const ngx = await startNginx(dir); await lptf(['run', ngx.h2c, '--protocol', 'http2']); await ngx.stop()
 * ```
 */
export async function startNginx(dir: string): Promise<Nginx> {
  const bin = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p));
  if (!bin) throw new Error('these tests need nginx: sudo apt-get install nginx (.ci/run installs it)');
  const tls = fileURLToPath(new URL('../fixtures/tls/', import.meta.url));
  const [h2c, h2, cycling] = [await freePort(), await freePort(), await freePort()];
  const log = join(dir, 'access.log');
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
  log_format h2 '$connection $server_protocol $status';
  access_log ${log} h2 buffer=64k flush=100ms;
  keepalive_timeout 300s;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${h2c} http2;
    listen 127.0.0.1:${h2} ssl http2;
    ssl_certificate ${tls}cert.pem;
    ssl_certificate_key ${tls}key.pem;
    keepalive_requests 10000000;
    location / { default_type text/plain; return 200 "hello over h2\\n"; }
  }
  server {
    listen 127.0.0.1:${cycling} http2;
    location / { default_type text/plain; return 200 "hello over h2\\n"; }
  }
}
`,
  );
  const child: ChildProcess = spawn(bin, ['-c', conf, '-p', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c));
  const up = async (): Promise<boolean> => {
    const { connect } = await import('node:net');
    return new Promise((resolve) => {
      const s = connect(cycling, '127.0.0.1');
      s.once('connect', () => resolve(s.destroy() === s));
      s.once('error', () => resolve(false));
    });
  };
  for (let i = 0; i < 50 && !(await up()); i++) {
    if (child.exitCode !== null) throw new Error(`nginx did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  await writeFile(log, '');
  return {
    h2c: `http://127.0.0.1:${h2c}/`,
    h2: `https://127.0.0.1:${h2}/`,
    h2cCycling: `http://127.0.0.1:${cycling}/`,
    async logged() {
      await new Promise((r) => setTimeout(r, 300)); // the log is flushed every 100 ms
      const text = await readFile(log, 'utf8');
      await writeFile(log, ''); // nginx opened it with O_APPEND: it goes on writing at the new end
      return text
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          const [connection = '', protocol = '', status = ''] = line.split(' ');
          return { connection, protocol, status: Number(status) };
        });
    },
    async stop() {
      child.kill('SIGQUIT');
      await new Promise((r) => child.once('exit', r));
    },
  };
}
