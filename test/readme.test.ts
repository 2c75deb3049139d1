// test-lane: loose (it times in seconds or judges whole runs: scripts/run-tests.mjs runs it at idle priority beside the timed lane)
// Every TypeScript block of the README and of docs/ runs as written: extracted, saved inside the
// package (so `import … from 'lptf'` resolves to this build, as it would from node_modules) and
// run; a bench file through `lptf bench`.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CLI } from './helpers/cli.js';
import { INCONCLUSIVE_FOR_GENERATOR } from './helpers/verdict.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const pages = [
  'README.md',
  ...(await readdir(join(root, 'docs'), { recursive: true }))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => join('docs', f)),
];
const blocks: { page: string; code: string }[] = [];
for (const page of pages)
  for (const m of (await readFile(join(root, page), 'utf8')).matchAll(/^```ts\n([\s\S]*?)^```$/gm))
    blocks.push({ page, code: m[1] as string });
await mkdir(join(root, '.scratch'), { recursive: true });
const dir = await mkdtemp(join(root, '.scratch', 'readme-'));
after(() => rm(dir, { recursive: true, force: true }));

function exec(argv: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, argv, {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    });
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

test('the README and the guides have their TypeScript blocks', () => {
  assert.ok(blocks.filter((b) => b.page === 'README.md').length >= 1, 'the README shows a first test');
  assert.ok(blocks.length >= 10, `${blocks.length} blocks`);
});

/**
 * Starts the example server a block names (`Its server: node examples/load/x.mjs`) on a free port,
 * as a user would start it (PORT), and resolves with its URL once it listens.
 */
async function startNamedServer(script: string): Promise<{ url: string; stop(): void }> {
  const { port } = await new Promise<AddressInfo>((resolve) => {
    const probe = createNetServer().listen(0, '127.0.0.1', () => {
      const address = probe.address() as AddressInfo;
      probe.close(() => resolve(address));
    });
  });
  const child = spawn(process.execPath, [join(root, script)], {
    cwd: root,
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => c.toString().includes(`:${port}`) && resolve());
    child.once('exit', (code) => reject(new Error(`${script} exited (${code}) before it listened`)));
  });
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}

for (const [i, { page, code }] of blocks.entries()) {
  const first = code.split('\n').find((l) => l.trim() !== '' && !l.startsWith('//')) ?? '';
  test(`${page} block ${i + 1} runs as written: ${first.slice(0, 60)}`, async () => {
    const isBench = /from 'lptf\/bench'/.test(code);
    const isLoad = /from 'lptf\/load'/.test(code);
    const file = join(
      dir,
      isBench ? `block-${i + 1}.bench.ts` : isLoad ? `block-${i + 1}.load.ts` : `block-${i + 1}.ts`,
    );
    await writeFile(file, code);
    // A load file that names its server runs against it, with its own checks: they must pass.
    const named = isLoad ? /Its server: node (examples\/load\/[\w.-]+\.mjs)/.exec(code)?.[1] : undefined;
    const server = named ? await startNamedServer(named) : undefined;
    const argv = isBench
      ? [CLI, 'bench', file, '--rounds', '3', '--sample-ms', '0.2', '--warmup-ms', '10', '--quiet']
      : server
        ? [CLI, 'run', file]
        : isLoad
          ? // A load file is read as lptf run reads it (every problem of its plan, none sent): no target is here.
            ['--import', 'tsx', '-e', LOAD_CHECK, file]
          : ['--import', 'tsx', file];
    try {
      const r = await exec(argv, server ? { LPTF_URL: server.url } : {});
      assert.ok(r.out.trim().length > 0, 'it prints what it shows');
      // The block's own checks must pass. The generator's timeliness is the machine's (this lane
      // runs at idle priority beside the timed tests), and lptf says so in the verdict itself: a
      // warning beside a PASS, or inconclusive (exit 3, from `lptf run` or a library block's
      // `runExitCode`), naming the generator, when a latency bound failed while it was late or
      // the plan was not delivered. Nothing else.
      if (r.code === 3) assert.match(r.out, INCONCLUSIVE_FOR_GENERATOR);
      else {
        assert.equal(r.code, 0, r.out);
        if (server) assert.match(r.out, /^PASS: (all \d+ checks|the one check)( of the target)? passed/m);
      }
    } finally {
      server?.stop();
    }
  });
}
