/** gRPC's status codes, by number (grpc/doc/statuscodes.md), as a failure kind names them. */
const CODE_NAMES = [
  'ok',
  'cancelled',
  'unknown',
  'invalid_argument',
  'deadline_exceeded',
  'not_found',
  'already_exists',
  'permission_denied',
  'resource_exhausted',
  'failed_precondition',
  'aborted',
  'out_of_range',
  'unimplemented',
  'internal',
  'unavailable',
  'data_loss',
  'unauthenticated',
];

/**
 * A call that ended with a status other than OK: its failure kind is `grpc_<status>`
 * (`grpc_unavailable`, `grpc_deadline_exceeded`), its example the server's details.
 *
 * @example
 * ```ts
 * done(new GrpcStatusError(14, 'overloaded'), undefined) // kind grpc_unavailable
 * ```
 */
export class GrpcStatusError extends Error {
  readonly code = 'LPTF_GRPC_STATUS';
  readonly kind: string;
  constructor(
    readonly status: number,
    details: string,
  ) {
    const name = CODE_NAMES[status] ?? `code_${status}`;
    super(`status ${name.toUpperCase()} (${status})${details ? `: ${details.slice(0, 200)}` : ''}`);
    this.kind = `grpc_${name}`;
    this.name = 'GrpcStatusError';
  }
}
