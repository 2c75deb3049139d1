// test-lane: untimed
// docs/reference.md is generated from the field table (scripts/reference.mjs): npm test fails
// when a field, a flag or a command changed and the reference was not regenerated.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const script = `${root}scripts/reference.mjs`;

test('docs/reference.md is the reference the field table and the commands make now (npm run reference)', () => {
  const r = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});

test('a field changed in the table changes the reference: a stale file would fail the check above', async () => {
  const { fieldTables } = (await import(script)) as {
    fieldTables: (fields: readonly Record<string, unknown>[]) => string[];
  };
  const field = {
    key: 'maxInflight',
    flags: '--max-inflight <n>',
    help: 'most requests in flight',
    group: 'load',
    fallback: 1000,
  };
  const before = fieldTables([field]).join('\n');
  assert.match(before, /\| `--max-inflight <n>` \| `max-inflight` \| {2}\| 1000 \| most requests in flight \|/);
  const after = fieldTables([{ ...field, fallback: 2000, env: 'LPTF_MAX_INFLIGHT' }]).join('\n');
  assert.notEqual(after, before);
  assert.match(after, /`LPTF_MAX_INFLIGHT` \| 2000/);
});
