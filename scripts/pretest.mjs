// What `npm test` does before the tests, side by side where nothing waits on it: the typecheck
// (tsc, one core), the lint, and the build then the bundle (the tests run the built CLI). One after
// the other they took 16 s on this 2-core machine; side by side, the build's 7 s and the
// typecheck's 8 s overlap. Each step's output is printed whole when it ends; any failure fails all.
import { spawn } from 'node:child_process';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Runs one npm script, its output printed whole when it ends; resolves with its exit status. */
function script(name) {
  return new Promise((resolve) => {
    const child = spawn(npm, ['run', name, '--silent'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => out.push(c));
    child.on('close', (code) => {
      process.stdout.write(Buffer.concat(out));
      if (code !== 0) process.stdout.write(`npm run ${name}: exit ${code}\n`);
      resolve(code ?? 1);
    });
  });
}

/** Runs npm scripts one after the other, stopping at the first that fails; its status, or 0. */
async function scripts(...names) {
  for (const name of names) {
    const status = await script(name);
    if (status !== 0) return status;
  }
  return 0;
}

const statuses = await Promise.all([scripts('typecheck'), scripts('lint'), scripts('build', 'bundle')]);
process.exit(statuses.find((s) => s !== 0) ?? 0);
