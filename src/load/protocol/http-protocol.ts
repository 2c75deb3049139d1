import { statusOutcome } from '../../core/run/outcome.js';
import type { HttpRequest } from '../../core/transport/index.js';
import type { BoundProtocol, Protocol } from './protocol.js';

const bound: BoundProtocol = {
  name: 'http',
  keepBody: false,
  rehearses: true,
  followsRedirects: true,
  requestBuilder(request) {
    const { method, path, headers, body } = request;
    return (testCase, seq): HttpRequest => {
      const ctx = { testCase, seq };
      const text = body?.render(ctx);
      return { method, path: path.render(ctx), headers, ...(text === undefined ? {} : { body: text }) };
    };
  },
  classifier: (request) => statusOutcome(request.isOk),
};

/**
 * Plain HTTP: the plan's method, path, headers and body, rendered per case; an answer is OK when
 * its status is one the plan accepts.
 *
 * @example
 * ```ts
 * httpProtocol.bind(ctx)?.requestBuilder(request)(testCase, 0) // { method: 'GET', path: '/', headers: {} }
 * ```
 */
export const httpProtocol: Protocol = {
  name: 'http',
  fields: [],
  bind: () => bound,
};
