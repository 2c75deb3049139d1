import { existsSync } from 'node:fs';
import { RequestFailure } from '../../../core/errors/index.js';
import { compileTemplate, type Template } from '../../../core/template/index.js';
import { readField, type TypedField } from '../../fields/field.js';
import { integer } from '../../fields/parse-field.js';
import { bindProblems } from '../bind-problems.js';
import type { BoundProtocol, Protocol, ProtocolTransport } from '../protocol.js';
import { grpcModules } from './grpc-modules.js';
import { type GrpcMethod, type GrpcRequest, grpcTransport } from './grpc-transport.js';

/** The `.proto` file that declares the service. */
export const GRPC_PROTO: TypedField<string> = {
  key: 'grpcProto',
  flags: '--grpc-proto <file>',
  help: 'grpc: the .proto file that declares the service (its imports are looked up beside it)',
  group: 'request',
  parse: (src, bad) => {
    const file = String(src.value);
    if (!existsSync(file)) return bad(src, `${file}: no such file`);
    return file;
  },
};

/** The method each arrival calls: `package.Service/Method`. */
export const GRPC_METHOD: TypedField<string> = {
  key: 'grpcMethod',
  flags: '--grpc-method <service/method>',
  help: 'grpc: the method each arrival calls, as package.Service/Method (unary or server streaming)',
  group: 'request',
  parse: (src, bad) => {
    const text = String(src.value);
    if (!/^[A-Za-z_][\w.]*\/[A-Za-z_]\w*$/.test(text))
      return bad(src, `"${text}" is not package.Service/Method, e.g. lptf.example.Greeter/SayHello`);
    return text;
  },
};

/** The request message, as JSON (a template: `{{case.json}}` sends each case as it is). */
export const GRPC_MESSAGE: TypedField<Template> = {
  key: 'grpcMessage',
  flags: '--grpc-message <json template>',
  help: 'grpc: the request message as JSON, placeholders as in --body (default: each case as it is with --cases, else {})',
  group: 'request',
  parse: (src, bad) => {
    try {
      return compileTemplate(String(src.value));
    } catch (err) {
      return bad(src, (err as Error).message);
    }
  },
};

/** The connections a run opens, each carrying many calls at once. */
export const GRPC_CHANNELS: TypedField<number> = {
  key: 'grpcChannels',
  flags: '--grpc-channels <n>',
  help: 'grpc: connections to open, each carrying many calls at once (shared among threads and segments, at least one each)',
  group: 'load',
  fallback: 1,
  parse: (src, bad) => integer(src, 1, bad, 1_000, 'each is a socket and an HTTP/2 session'),
};

/** What a method's definition in a loaded package holds, of what lptf uses. */
interface MethodDefinition {
  readonly path: string;
  readonly requestStream: boolean;
  readonly responseStream: boolean;
  readonly requestSerialize: (m: unknown) => Buffer;
  readonly responseDeserialize: (b: Buffer) => unknown;
}

/**
 * gRPC: each arrival a call of `--grpc-method` from the `--grpc-proto` file, its message the
 * rendered `--grpc-message` (JSON, read into the method's request type), its metadata the plan's
 * headers, its deadline `--timeout`. A unary call is timed to its response, a server-streaming
 * one to its end, with its first message as its time to first byte; a status other than OK fails
 * it as `grpc_<status>` (`grpc_unavailable`). `http://` is plain HTTP/2, `https://` TLS.
 * `@grpc/grpc-js` and `@grpc/proto-loader` are optional peers: installed by the projects that
 * speak gRPC.
 *
 * @example
 * ```ts
 * grpcProtocol.bind(ctx)?.transport?.open('http://127.0.0.1:50051', options, (n) => n)
 * ```
 */
export const grpcProtocol: Protocol = {
  name: 'grpc',
  fields: [GRPC_PROTO, GRPC_METHOD, GRPC_MESSAGE, GRPC_CHANNELS],
  bind(ctx) {
    const problems = bindProblems(ctx);
    const proto = readField(GRPC_PROTO, ctx.get, problems.bad);
    const methodName = readField(GRPC_METHOD, ctx.get, problems.bad);
    const message =
      readField(GRPC_MESSAGE, ctx.get, problems.bad) ?? compileTemplate(ctx.caseFiles > 0 ? '{{case.json}}' : '{}');
    const channels = readField(GRPC_CHANNELS, ctx.get, problems.bad);
    if (proto === undefined && !ctx.get('grpcProto'))
      problems.bad({ where: '--grpc-proto' }, 'grpc: give the .proto file');
    if (methodName === undefined && !ctx.get('grpcMethod'))
      problems.bad({ where: '--grpc-method' }, 'grpc: give the method to call, as package.Service/Method');
    problems.refuse('grpc', [
      ['client', '--client chooses an HTTP/1.1 client; grpc opens its own channels'],
      ['body', 'a call sends --grpc-message: give the message there'],
      ['method', 'every gRPC call is a POST'],
      ['followRedirects', 'a gRPC call is answered where it is sent, never redirected'],
    ]);
    const modules = grpcModules();
    if ('missing' in modules) problems.bad({ where: '--protocol grpc' }, modules.missing);
    if (problems.any || !proto || !methodName || !channels || 'missing' in modules) return undefined;
    let method: GrpcMethod;
    try {
      const definition = modules.loader.loadSync(proto, {
        keepCase: true,
        longs: String,
        enums: String,
        defaults: true,
        oneofs: true,
      });
      const [service, name] = methodName.split('/') as [string, string];
      const def = (definition[service] as Record<string, MethodDefinition> | undefined)?.[name];
      const where = ctx.get('grpcMethod')?.where ?? '--grpc-method';
      if (!def || typeof def.path !== 'string') {
        const services = Object.entries(definition)
          .filter(([, v]) => typeof v === 'object' && v !== null && !('format' in v))
          .map(([k]) => k);
        problems.bad({ where }, `${proto} has no method ${methodName}; its services: ${services.join(', ') || 'none'}`);
        return undefined;
      }
      if (def.requestStream) {
        problems.bad({ where }, `${methodName} streams its requests: lptf calls unary and server-streaming methods`);
        return undefined;
      }
      method = {
        path: def.path,
        responseStream: def.responseStream,
        serialize: def.requestSerialize,
        deserialize: def.responseDeserialize,
      };
    } catch (err) {
      problems.bad(ctx.get('grpcProto') ?? { where: '--grpc-proto' }, `${proto}: ${(err as Error).message}`);
      return undefined;
    }
    const { grpc } = modules;
    const transport: ProtocolTransport = {
      version: 'gRPC',
      open: (origin, options, share) =>
        grpcTransport(grpc, origin, options, method, { channels: Math.max(1, share(channels)) }),
    };
    const bound: BoundProtocol = {
      name: 'grpc',
      defaultMethod: 'POST',
      keepBody: false,
      transport,
      requestBuilder(plan) {
        return (testCase, seq): GrpcRequest => {
          const text = message.render({ testCase, seq });
          let parsed: unknown;
          try {
            parsed = JSON.parse(text);
          } catch {
            throw new RequestFailure('grpc_bad_message', `the message is not JSON: ${text.slice(0, 120)}`);
          }
          let bytes: Buffer;
          try {
            // Written here, so a message the type refuses fails as the case's, not the channel's.
            bytes = method.serialize(parsed);
          } catch (err) {
            throw new RequestFailure('grpc_bad_message', `${text.slice(0, 120)}: ${(err as Error).message}`);
          }
          return { method: 'POST', path: method.path, headers: plan.headers, body: text, message: bytes };
        };
      },
      classifier: () => () => ({ ok: true }),
    };
    return bound;
  },
};
