// The floor a Node gRPC load generator can reach: @grpc/grpc-js with nothing around it, a closed
// loop of `concurrency` unary SayHello calls in flight on one channel, each sending the next on its
// answer. argv: url, proto, concurrency, seconds. Prints {"calls": n, "seconds": s}.
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';

const [url, proto, concurrency, secs] = process.argv.slice(2);
const { Greeter } = grpc.loadPackageDefinition(protoLoader.loadSync(proto, { keepCase: true })).lptf.example;
const client = new Greeter(new URL(url).host, grpc.credentials.createInsecure());
let calls = 0;
let stop = false;
const call = () =>
  client.SayHello({ name: `user ${calls}` }, () => {
    calls++;
    if (!stop) call();
  });
const t0 = performance.now();
for (let i = 0; i < Number(concurrency); i++) call();
setTimeout(() => {
  stop = true;
  process.stdout.write(JSON.stringify({ calls, seconds: (performance.now() - t0) / 1000 }));
  process.exit(0);
}, Number(secs) * 1000);
