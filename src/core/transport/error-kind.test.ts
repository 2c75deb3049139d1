import assert from 'node:assert/strict';
import { test } from 'node:test';
import { errorKind } from './error-kind.js';

test("an lptf error names its own kind; another error's kind, or a kind of odd shape, is not taken", () => {
  const own = Object.assign(new Error('reset'), { code: 'LPTF_H2_RST_STREAM', kind: 'rst_stream' });
  assert.equal(errorKind(own), 'rst_stream');
  const foreign = Object.assign(new Error('x'), { code: 'ECONNRESET', kind: 'made_up' });
  assert.equal(errorKind(foreign), 'reset');
  const odd = Object.assign(new Error('x'), { code: 'LPTF_X', kind: 'Not A Kind\n' });
  assert.equal(errorKind(odd), 'other:LPTF_X');
});
