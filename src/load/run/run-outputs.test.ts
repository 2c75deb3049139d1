import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { flags, planOf, problemsOf as problemsOfWith } from '../../../test/helpers/plan.js';
import { sayIn } from '../../core/said.js';
import '../../builtins.js';
import type { PlanInput } from '../fields/field.js';
import { machineWorkersProblem, resolveRun } from './run-outputs.js';

const problemsOf = (layers: PlanInput[]): Promise<string[]> => problemsOfWith(resolveRun, layers);

test('report formats are checked, and need --out', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lptf-plan-'));
  const { outputs } = await resolveRun([flags({ url: 'http://127.0.0.1/', out: dir, formats: ['junit', 'csv'] })]);
  assert.deepEqual(outputs.formats, ['junit', 'csv']);
  const problems = await problemsOf([flags({ url: 'http://127.0.0.1/', formats: ['pdf'] })]);
  assert.deepEqual(problems, [
    '--formats: unknown format "pdf"; known: text, md, json, csv, junit, html',
    '--formats: formats are files: give --out <dir> too',
  ]);
});

test('the dashboard listens on loopback port 5665 unless told otherwise; bad ports and a lone host are refused', async () => {
  const url = 'http://127.0.0.1/';
  assert.equal((await resolveRun([flags({ url })])).outputs.dashboard, undefined);
  assert.deepEqual((await resolveRun([flags({ url, dashboard: true })])).outputs.dashboard, {
    host: '127.0.0.1',
    port: 5665,
  });
  assert.deepEqual((await resolveRun([flags({ url, dashboard: '0', dashboardHost: '::1' })])).outputs.dashboard, {
    host: '::1',
    port: 0,
  });
  assert.deepEqual(await problemsOf([flags({ url, dashboard: 'abc' })]), [
    '--dashboard: must be a whole number >= 0; got "abc"',
  ]);
  assert.deepEqual(await problemsOf([flags({ url, dashboard: '70000' })]), [
    '--dashboard: 70000 is not a port; give 1-65535, or 0 for any free port',
  ]);
  assert.deepEqual(await problemsOf([flags({ url, dashboardHost: '0.0.0.0' })]), [
    '--dashboardHost: a dashboard host needs the dashboard: give --dashboard too',
  ]);
});

test('an --out folder that cannot be written is a problem before the run', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lptf-plan-'));
  await writeFile(join(dir, 'file'), 'x');
  const problems = await problemsOf([flags({ url: 'http://127.0.0.1/', out: join(dir, 'file', 'results') })]);
  assert.match(problems.join('\n'), /--out: cannot write results to ".*file\/results": ENOTDIR/);
});

test('an --out folder is only checked, not created, while the plan is resolved', async () => {
  const dir = join(await mkdtemp(join(tmpdir(), 'lptf-plan-')), 'new', 'results');
  const { outputs } = await resolveRun([flags({ url: 'http://127.0.0.1/', out: dir })]);
  assert.equal(outputs.out, dir);
  assert.equal(existsSync(dir), false);
});

test('a dashboard bound beyond loopback says, where it announces itself, that anyone can watch', async () => {
  const { plan } = (await resolveRun([flags({ url: 'http://127.0.0.1/' })])).resolved;
  const { dashboardOutput } = await import('./dashboard-output.js');
  const said = (host: string, lang: 'zh' | 'en'): string =>
    sayIn(dashboardOutput(plan, { host, port: 0 }, 'r1').description, lang);
  assert.match(
    said('0.0.0.0', 'en'),
    /\(listening on 0\.0\.0\.0: anyone who can reach this machine can watch the run; there is no login\)/,
  );
  assert.match(said('0.0.0.0', 'zh'), /监听 0\.0\.0\.0：能访问这台机器的人都能查看这次压测/);
  assert.doesNotMatch(said('127.0.0.1', 'en'), /anyone/);
});

test('worker threads are bounded by the machine that runs them: 4 a core (N2: -w 256 on 2 cores took 93 s and 5.1 GB)', async () => {
  const resolved = await planOf({ url: 'http://127.0.0.1/', workers: 256, rate: 100, duration: '5s' });
  assert.deepEqual(machineWorkersProblem(resolved, 2), {
    where: '--workers',
    message:
      '256 worker threads on 2 core(s): more than 8 (4 a core) only contend, each with its own memory; at most 8 here',
  });
  assert.equal(machineWorkersProblem(resolved, 64), undefined, 'a machine of 64 cores holds them');
  const eight = await planOf({ url: 'http://127.0.0.1/', workers: 8 });
  assert.equal(machineWorkersProblem(eight, 2), undefined);
});
