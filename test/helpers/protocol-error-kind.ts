import assert from 'node:assert/strict';
import { WidgetProtocolError } from '../../src/widget/protocol/widget-error.js';

/**
 * Runs `fn` and returns the kind of the {@link WidgetProtocolError} it throws, or
 * `'no error'`; any other error fails the test.
 *
 * @example
 * ```ts
 * assert.equal(protocolErrorKind(() => decryptMessage('', key, appId)), 'bad_base64')
 * ```
 */
export function protocolErrorKind(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof WidgetProtocolError, String(err));
    return err.kind;
  }
  return 'no error';
}
