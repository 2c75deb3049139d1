// Every TypeScript block of the README runs as written: extracted, saved inside the package (so
// `import … from 'lptf'` resolves to this build, as it would from node_modules) and run; a bench
// file through `lptf bench`.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CLI } from './helpers/cli.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const readme = await readFile(join(root, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1] as string);
await mkdir(join(root, '.scratch'), { recursive: true });
const dir = await mkdtemp(join(root, '.scratch', 'readme-'));
after(() => rm(dir, { recursive: true, force: true }));

function exec(argv: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, argv, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c));
    child.stderr.on('data', (c: Buffer) => (out += c));
    child.on('close', (code) => resolve({ code, out }));
  });
}

const LOAD_CHECK = `
await import(${JSON.stringify(join(root, 'dist/builtins.js'))});
const { resolvePlan } = await import(${JSON.stringify(join(root, 'dist/load/plan/index.js'))});
const { plan } = await resolvePlan([{ script: { value: process.argv.at(-1), where: '<file>' } }]);
console.log(plan.url, plan.rate, plan.checks.map((c) => c.name).join('; '));
`;

test('the README has its TypeScript blocks', () => {
  assert.ok(blocks.length >= 5, `${blocks.length} blocks`);
});

for (const [i, code] of blocks.entries()) {
  const first = code.split('\n').find((l) => l.trim() !== '' && !l.startsWith('//')) ?? '';
  test(`README block ${i + 1} runs as written: ${first.slice(0, 70)}`, async () => {
    const isBench = /from 'lptf\/bench'/.test(code);
    const isLoad = /from 'lptf\/load'/.test(code);
    const file = join(
      dir,
      isBench ? `block-${i + 1}.bench.ts` : isLoad ? `block-${i + 1}.load.ts` : `block-${i + 1}.ts`,
    );
    await writeFile(file, code);
    const argv = isBench
      ? [CLI, 'bench', file, '--rounds', '3', '--sample-ms', '0.2', '--warmup-ms', '10', '--quiet']
      : isLoad
        ? // A load file is read as lptf run reads it (every problem of its plan, none sent): no target is here.
          ['--import', 'tsx', '-e', LOAD_CHECK, file]
        : ['--import', 'tsx', file];
    const r = await exec(argv);
    assert.equal(r.code, 0, r.out);
    assert.ok(r.out.trim().length > 0, 'it prints what it shows');
  });
}
