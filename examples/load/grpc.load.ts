// A gRPC service under load: each arrival a unary SayHello, its message made from its sequence
// number, with a metadata header; the deadline is the timeout.
//   npm install @grpc/grpc-js @grpc/proto-loader   (lptf leaves them to projects that speak gRPC)
//   node examples/load/grpc-server.mjs &
//   npx lptf run examples/load/grpc.load.ts
// In your own project: import { loadTest } from 'lptf/load';
import { fileURLToPath } from 'node:url';
import { loadTest } from '../../src/load/script/load-test.js';

export default loadTest({
  url: 'http://127.0.0.1:50051',
  protocol: 'grpc',
  protocolOptions: {
    // Beside this file, wherever lptf runs from.
    grpcProto: fileURLToPath(new URL('grpc/hello.proto', import.meta.url)),
    grpcMethod: 'lptf.example.Greeter/SayHello',
    grpcMessage: '{"name": "user {{seq}}"}',
  },
  headers: { 'x-team': 'search' },
  timeout: '2s',
  rate: 200,
  duration: '5s',
  checks: ['p(95) <= 50ms', 'error_rate <= 1%'],
});
