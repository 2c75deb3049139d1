/**
 * A request that failed before it was sent, with the kind it is counted under and a short,
 * credential-free example for the report: a load file's `request()` that threw (`script_error`),
 * a `unique` feeder with no row left (`data_exhausted`). Any other error a builder throws counts
 * as `build_request`, without its message (it might hold a secret).
 *
 * @example
 * ```ts
 * throw new RequestFailure('script_error', 'request() of search: TypeError: x is undefined')
 * ```
 */
export class RequestFailure extends Error {
  constructor(
    readonly kind: string,
    message: string,
  ) {
    super(message);
    this.name = 'RequestFailure';
  }
}
