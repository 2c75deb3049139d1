// A small gRPC service for examples/load/grpc.load.ts (examples/load/grpc/hello.proto): a greeting
// (unary) and a count (a server stream). Run it with `node examples/load/grpc-server.mjs` (port
// 50051, or PORT); tests start it themselves with `startGrpcServer`, to count the calls and to make
// some fail. It needs @grpc/grpc-js and @grpc/proto-loader (npm install them).
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';

const PROTO = new URL('./grpc/hello.proto', import.meta.url).pathname;

/**
 * Starts the service on 127.0.0.1. `unavailableEvery`: every n-th SayHello answers UNAVAILABLE,
 * as a service shedding load.
 * @param {{ port?: number, unavailableEvery?: number }} [options]
 * @returns {Promise<{ url: string, seen: () => { hello: number, unavailable: number, count: number, metadata: Record<string, number> }, close: () => Promise<void> }>}
 */
export async function startGrpcServer(options = {}) {
  const definition = protoLoader.loadSync(PROTO, { keepCase: true, defaults: true });
  const { Greeter } = grpc.loadPackageDefinition(definition).lptf.example;
  const seen = { hello: 0, unavailable: 0, count: 0, metadata: {} };
  const server = new grpc.Server();
  server.addService(Greeter.service, {
    SayHello(call, callback) {
      seen.hello++;
      for (const key of Object.keys(call.metadata.getMap())) seen.metadata[key] = (seen.metadata[key] ?? 0) + 1;
      if (options.unavailableEvery && seen.hello % options.unavailableEvery === 0) {
        seen.unavailable++;
        callback({ code: grpc.status.UNAVAILABLE, details: 'shedding load' });
        return;
      }
      callback(null, { message: `hello ${call.request.name}` });
    },
    Count(call) {
      seen.count++;
      const to = call.request.to || 10;
      const every = call.request.every_ms || 0;
      let n = 0;
      const next = () => {
        if (call.cancelled) return;
        if (n === to) {
          call.end();
          return;
        }
        call.write({ n: ++n });
        if (every > 0) setTimeout(next, every);
        else setImmediate(next);
      };
      next();
    },
  });
  const port = await new Promise((resolve, reject) =>
    server.bindAsync(`127.0.0.1:${options.port ?? 0}`, grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  return {
    url: `http://127.0.0.1:${port}`,
    seen: () => ({ ...seen, metadata: { ...seen.metadata } }),
    close: () => new Promise((resolve) => server.tryShutdown(() => resolve())),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { url } = await startGrpcServer({ port: Number(process.env.PORT ?? 50051) });
  console.log(`gRPC Greeter on ${url}`);
}
