// Runs every test file (src/**/*.test.ts beside the code, test/**/*.test.ts for end-to-end)
// with Node's test runner and tsx, one file at a time: load tests measure timing and must not
// share the machine's two cores with each other.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

function find(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : find(p);
    return e.name.endsWith('.test.ts') ? [p] : [];
  });
}

const files = process.argv.length > 2 ? process.argv.slice(2) : [...find('src'), ...find('test')].sort();
const { status } = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=tap', '--test-concurrency=1', ...files],
  { stdio: 'inherit' },
);
process.exit(status ?? 1);
