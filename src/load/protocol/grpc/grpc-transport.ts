import type { Client, ClientReadableStream, Metadata, ServiceError } from '@grpc/grpc-js';
import type { HttpRequest, SendDone, Transport, TransportOptions } from '../../../core/transport/index.js';
import { GrpcStatusError } from './grpc-errors.js';
import type { GrpcJs } from './grpc-modules.js';

/** The call a plan makes: its path, how its messages are written and read, and whether the server streams its answer. */
export interface GrpcMethod {
  readonly path: string;
  readonly responseStream: boolean;
  readonly serialize: (message: unknown) => Buffer;
  readonly deserialize: (bytes: Buffer) => unknown;
}

/** A request message is written by the request builder: the channel sends its bytes as they are. */
const written = (bytes: Buffer): Buffer => bytes;

/**
 * A request of a gRPC call: `message` is its request message, written (the rendered `body`, read
 * into the method's type), and `headers` its metadata.
 *
 * @example
 * ```ts
 * const r: GrpcRequest = { method: 'POST', path: '/lptf.example.Greeter/SayHello', headers: {}, body: '{"name":"a"}', message: Buffer.from([10, 1, 97]) }
 * ```
 */
export interface GrpcRequest extends HttpRequest {
  readonly message: Buffer;
}

/** How many connections a sender opens, each carrying many calls at once (HTTP/2 streams). */
export interface GrpcShape {
  readonly channels: number;
}

/**
 * gRPC for a load run, on `@grpc/grpc-js`: `shape.channels` channels (each its own HTTP/2
 * connection), calls spread over them in turn. A unary call is answered by its response; a server
 * stream by its status at the end, its time to first byte being its first message's. The call's
 * deadline is `timeoutMs` after its send. A status other than OK fails the call as
 * `grpc_<status>`; the answer's `status` is 200 for OK (the HTTP/2 status gRPC answers with).
 *
 * @example
 * ```ts
 * const t = grpcTransport(grpc, 'http://127.0.0.1:50051', options, method, { channels: 1 })
 * ```
 */
export function grpcTransport(
  grpc: GrpcJs,
  origin: string,
  options: TransportOptions,
  method: GrpcMethod,
  shape: GrpcShape,
): Transport {
  const url = new URL(origin);
  const tls = url.protocol === 'https:';
  const address = `${url.hostname}:${url.port || (tls ? 443 : 80)}`;
  const credentials = tls
    ? grpc.credentials.createSsl(
        null,
        null,
        null,
        options.insecure ? { checkServerIdentity: () => undefined, rejectUnauthorized: false } : undefined,
      )
    : grpc.credentials.createInsecure();
  // Each its own connection: grpc-js shares one subchannel between clients unless told not to.
  const clients: Client[] = Array.from(
    { length: Math.max(1, shape.channels) },
    (_, i) => new grpc.Client(address, credentials, { 'grpc.use_local_subchannel_pool': 1, 'lptf.channel': i }),
  );
  let next = 0;
  /** The calls in flight: what `close(true)` cancels. */
  const calls = new Set<{ cancel(): void }>();
  const keepBody = options.keepBody ?? false;
  const metadataOf = (headers: Readonly<Record<string, string>>): Metadata => {
    const m = new grpc.Metadata();
    for (const [k, v] of Object.entries(headers)) m.add(k, v);
    return m;
  };
  const failure = (err: ServiceError | Error): Error =>
    typeof (err as ServiceError).code === 'number'
      ? new GrpcStatusError((err as ServiceError).code, (err as ServiceError).details ?? '')
      : err;

  const unary = (client: Client, r: GrpcRequest, done: SendDone, deadline: Date, started: number): void => {
    const call = client.makeUnaryRequest(
      method.path,
      written,
      (bytes: Buffer) => ({ bytes: bytes.length, message: keepBody ? method.deserialize(bytes) : undefined }),
      r.message,
      metadataOf(r.headers),
      { deadline },
      (err, answer) => {
        calls.delete(call);
        if (err) return done(failure(err), undefined);
        const ms = performance.now() - started;
        done(undefined, {
          status: 200,
          bytes: answer?.bytes ?? 0,
          ttfbMs: ms,
          ...(keepBody ? { body: Buffer.from(JSON.stringify(answer?.message ?? null)) } : {}),
        });
      },
    );
    calls.add(call);
  };

  const serverStream = (client: Client, r: GrpcRequest, done: SendDone, deadline: Date, started: number): void => {
    const call: ClientReadableStream<Buffer> = client.makeServerStreamRequest(
      method.path,
      written,
      (bytes: Buffer) => bytes,
      r.message,
      metadataOf(r.headers),
      { deadline },
    );
    calls.add(call);
    let first: number | undefined;
    let bytes = 0;
    const kept: unknown[] = [];
    let told = false;
    call.on('data', (b: Buffer) => {
      first ??= performance.now();
      bytes += b.length;
      if (keepBody && kept.length < 1000) kept.push(method.deserialize(b));
    });
    call.on('error', (err: ServiceError) => {
      calls.delete(call);
      if (told) return;
      told = true;
      done(failure(err), undefined);
    });
    call.on('status', (status: { code: number }) => {
      calls.delete(call);
      if (told || status.code !== grpc.status.OK) return;
      told = true;
      const end = performance.now();
      done(undefined, {
        status: 200,
        bytes,
        // Time to its first message, then to the end of the stream.
        ttfbMs: (first ?? end) - started,
        downloadMs: end - (first ?? end),
        ...(keepBody ? { body: Buffer.from(JSON.stringify(kept)) } : {}),
      });
    });
  };

  return {
    send(request, done) {
      const client = clients[next++ % clients.length] as Client;
      const started = performance.now();
      const deadline = new Date(Date.now() + options.timeoutMs);
      if (method.responseStream) serverStream(client, request as GrpcRequest, done, deadline, started);
      else unary(client, request as GrpcRequest, done, deadline, started);
    },
    close(force = false) {
      // Cancelled, a call fails as grpc_cancelled; without force, calls in flight finish on their channel.
      if (force) for (const call of [...calls]) call.cancel();
      for (const c of clients) c.close();
      return Promise.resolve();
    },
  };
}
