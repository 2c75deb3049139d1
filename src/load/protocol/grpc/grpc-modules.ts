import { createRequire } from 'node:module';
import { join } from 'node:path';

/** What lptf uses of `@grpc/grpc-js`: a client, its credentials and metadata, and the status codes. */
export type GrpcJs = typeof import('@grpc/grpc-js');
/** What lptf uses of `@grpc/proto-loader`: reading a `.proto` file. */
export type ProtoLoader = typeof import('@grpc/proto-loader');

/** The two packages, or what to install when they are not there. */
export type GrpcModules = { readonly grpc: GrpcJs; readonly loader: ProtoLoader } | { readonly missing: string };

let loaded: GrpcModules | undefined;

/**
 * Loads `@grpc/grpc-js` and `@grpc/proto-loader`, from the user's project first (where they
 * install them for their own service), then beside lptf. They are optional peers of lptf: a
 * user who never speaks gRPC does not install their ~10 MB.
 *
 * @example
 * ```ts
 * const m = grpcModules(); if ('missing' in m) problem(m.missing)
 * ```
 */
export function grpcModules(): GrpcModules {
  if (loaded) return loaded;
  const places = [createRequire(join(process.cwd(), 'package.json')), createRequire(import.meta.url)];
  const load = <T>(name: string): T | undefined => {
    for (const req of places)
      try {
        return req(name) as T;
      } catch {
        // Not here: the next place.
      }
    return undefined;
  };
  const grpc = load<GrpcJs>('@grpc/grpc-js');
  const loader = load<ProtoLoader>('@grpc/proto-loader');
  loaded =
    grpc && loader
      ? { grpc, loader }
      : {
          missing: `gRPC needs @grpc/grpc-js and @grpc/proto-loader, which lptf leaves to the projects that speak it: npm install @grpc/grpc-js @grpc/proto-loader`,
        };
  return loaded;
}
