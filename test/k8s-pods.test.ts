// test-lane: loose (it judges whole runs of emulated pods by their verdicts, every bound in them a minute or more: scripts/run-tests.mjs runs it at idle priority beside the timed lane)
// Runs the manifests of `lptf k8s` the way a cluster would, without one: every pod of the Indexed
// Job gets a root folder with its volumes where the manifest mounts them (ConfigMap files, the
// shared claim or an emptyDir), its environment from the manifest (values, field references,
// the Secret), and its container command executed unchanged in its working folder. The image is
// this machine's Node; cluster DNS (for the headless Service) maps the pods' names to loopback.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import type { RunResult } from '../src/load/result/index.js';
import { lptf as runCli } from './helpers/cli.js';
import { firstNodeOnly } from './helpers/first-node.js';
import { assertExitIsVerdict, assertTargetFailed } from './helpers/verdict.js';

interface Container {
  command: string[];
  workingDir: string;
  env?: { name: string; value?: string; valueFrom?: { fieldRef: { fieldPath: string } } }[];
  envFrom?: { secretRef: { name: string } }[];
  volumeMounts: { name: string; mountPath: string }[];
}
interface PodSpec {
  containers: Container[];
  volumes: {
    name: string;
    configMap?: { name: string };
    persistentVolumeClaim?: { claimName: string };
    emptyDir?: object;
    secret?: { secretName: string };
    projected?: {
      sources: {
        configMap?: { name: string; items: { key: string; path: string }[] };
        secret?: { name: string; items: { key: string; path: string }[] };
      }[];
    };
  }[];
}
interface K8sObject {
  kind: string;
  metadata: { name: string };
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  spec?: { completions?: number; suspend?: boolean; template: { spec: PodSpec } };
}

/** A loopback target that fails every 20th request (5%): the default error-rate check fails, by kind. */
async function flakyTarget(): Promise<{ url: string; server: Server }> {
  let n = 0;
  const server = createServer((_req, res) => {
    n++;
    res.statusCode = n % 20 === 0 ? 500 : 200;
    res.end('ok');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`, server };
}

/** What the cluster gives a pod: its volumes laid out under `root`, its environment. */
async function layOut(
  spec: PodSpec,
  objects: K8sObject[],
  root: string,
  fields: Record<string, string>,
  claims: Map<string, string>,
): Promise<{ cwd: string; env: Record<string, string> }> {
  const container = spec.containers[0] as Container;
  const byName = (kind: string, name: string): K8sObject => {
    const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
    assert.ok(o, `the manifest refers to ${kind} ${name}, which it does not hold`);
    return o;
  };
  for (const mount of container.volumeMounts) {
    const volume = spec.volumes.find((v) => v.name === mount.name);
    assert.ok(volume, `volume ${mount.name}`);
    const at = join(root, mount.mountPath);
    await mkdir(dirname(at), { recursive: true });
    if (volume.configMap) {
      await mkdir(at, { recursive: true });
      for (const [file, text] of Object.entries(byName('ConfigMap', volume.configMap.name).data ?? {}))
        await writeFile(join(at, file), text);
    } else if (volume.persistentVolumeClaim) {
      byName('PersistentVolumeClaim', volume.persistentVolumeClaim.claimName);
      await symlink(claims.get(volume.persistentVolumeClaim.claimName) as string, at);
    } else if (volume.secret) {
      await mkdir(at, { recursive: true });
      for (const [file, text] of Object.entries(byName('Secret', volume.secret.secretName).stringData ?? {}))
        await writeFile(join(at, file), text);
    } else if (volume.projected) {
      for (const source of volume.projected.sources) {
        const from = source.configMap
          ? byName('ConfigMap', source.configMap.name).data
          : byName('Secret', source.secret?.name ?? '').stringData;
        for (const item of source.configMap?.items ?? source.secret?.items ?? []) {
          const text = from?.[item.key];
          assert.ok(text !== undefined, `the projected volume ${mount.name} names ${item.key}, which its source lacks`);
          await mkdir(dirname(join(at, item.path)), { recursive: true });
          await writeFile(join(at, item.path), text);
        }
      }
    } else if (volume.emptyDir) await mkdir(at, { recursive: true });
  }
  const env: Record<string, string> = {};
  for (const from of container.envFrom ?? []) Object.assign(env, byName('Secret', from.secretRef.name).stringData);
  for (const e of container.env ?? []) {
    const path = e.valueFrom?.fieldRef.fieldPath;
    const value = path === undefined ? e.value : fields[path];
    assert.ok(value !== undefined, `no value for ${e.name} (${path})`);
    env[e.name] = value;
  }
  await mkdir(join(root, 'tmp'), { recursive: true });
  return { cwd: join(root, container.workingDir), env };
}

/** Runs a container's command as the manifest writes it; its exit code and what it printed. */
async function runContainer(
  container: Container,
  where: { cwd: string; env: Record<string, string> },
  root: string,
  dnsHook: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(container.command[0] as string, container.command.slice(1), {
    cwd: where.cwd,
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: root,
      TMPDIR: join(root, 'tmp'),
      NODE_OPTIONS: `--import ${dnsHook}`,
      ...where.env,
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

/** Cluster DNS for the emulation: a pod's name under the headless Service (`t-0.t`) is loopback here. */
async function writeDnsHook(dir: string, service: string): Promise<string> {
  const file = join(dir, 'cluster-dns.mjs');
  await writeFile(
    file,
    `import dns from 'node:dns';
const lookup = dns.lookup;
dns.lookup = function (host, options, callback) {
  if (typeof host === 'string' && (host.endsWith('.${service}') || host === '${service}-coordinator')) host = '127.0.0.1';
  return lookup.call(this, host, options, callback);
};
`,
  );
  return file;
}

async function applyAndRun(
  results: 'volume' | 'logs',
  target: readonly string[],
): Promise<{
  passed: boolean;
  checks: [string, boolean][];
  pods: number;
  manifest: string;
  groups: Record<string, unknown>;
}> {
  const dir = await mkdtemp(join(tmpdir(), `lptf-k8s-${results}-`));
  const manifest = join(dir, 'load.yaml');
  // Written "an hour before" it is applied: the writer's clock is an hour behind the pods'.
  const behind = join(dir, 'an-hour-ago.mjs');
  await writeFile(behind, 'const now = Date.now; Date.now = () => now() - 3_600_000;\n');
  const written = await runCli(
    ['k8s', ...target, '--instances', '3', '--name', 't', '--results', results, '--manifest', manifest],
    { env: { NODE_OPTIONS: `--import ${behind}` } },
  );
  assert.equal(written.code, 0, written.stderr);
  const text = await readFile(manifest, 'utf8');
  const objects = parseAllDocuments(text).map((d) => d.toJSON() as K8sObject);
  const dnsHook = await writeDnsHook(dir, 't');
  const claims = new Map(
    objects
      .filter((o) => o.kind === 'PersistentVolumeClaim')
      .map((o) => [o.metadata.name, join(dir, `claim-${o.metadata.name}`)]),
  );
  for (const path of claims.values()) await mkdir(path, { recursive: true });
  const job = objects.find((o) => o.kind === 'Job' && o.metadata.name === 't') as K8sObject;
  const completions = job.spec?.completions ?? 0;
  const uid = 'a1b2c3d4-0000-4000-8000-000000000001';
  // The coordinator's pod, started first as a cluster would start it: the segments reach it by its Service.
  const coordinatorJob = objects.find((o) => o.kind === 'Job' && o.metadata.name === 't-coordinator') as K8sObject;
  assert.ok(
    objects.some((o) => o.kind === 'Service' && o.metadata.name === 't-coordinator'),
    'the coordinator has a Service',
  );
  const coordinatorSpec = coordinatorJob.spec?.template.spec as PodSpec;
  const coordinatorPod = runContainer(
    coordinatorSpec.containers[0] as Container,
    await layOut(coordinatorSpec, objects, join(dir, 'coordinator-pod'), {}, claims),
    join(dir, 'coordinator-pod'),
    dnsHook,
  );
  const pods = await Promise.all(
    Array.from({ length: completions }, async (_, index) => {
      const root = join(dir, `pod-${index}`);
      const spec = job.spec?.template.spec as PodSpec;
      const where = await layOut(
        spec,
        objects,
        root,
        {
          "metadata.annotations['batch.kubernetes.io/job-completion-index']": String(index),
          "metadata.labels['batch.kubernetes.io/controller-uid']": uid,
        },
        claims,
      );
      return runContainer(spec.containers[0] as Container, where, root, dnsHook);
    }),
  );
  for (const [i, p] of pods.entries()) assert.equal(p.code, 0, `pod ${i} failed:\n${p.stderr}`);
  const coordinated = await coordinatorPod;
  // Its exit code is the test's: 5% errors fail "error_rate <= 1%" (3 if a generator fell behind beside it).
  assert.ok(coordinated.code === 1 || coordinated.code === 3, coordinated.stderr);
  for (const i of [0, 1, 2]) assert.match(coordinated.stderr, new RegExp(`segment ${i}/3 joined`));
  const live = JSON.parse(
    await readFile(
      results === 'volume'
        ? join(claims.get('t-results') as string, 't', 'merged', 'summary.json')
        : join(dir, 'coordinator-pod', 'lptf', 'results', 'merged', 'summary.json'),
      'utf8',
    ),
  ) as Record<string, unknown>;
  let merged: string;
  const merge = objects.find((o) => o.kind === 'Job' && o.metadata.name === 't-merge');
  if (results === 'volume') {
    assert.ok(merge?.spec?.suspend, 'the merge Job is created suspended');
    const root = join(dir, 'merge-pod');
    const spec = merge.spec?.template.spec as PodSpec;
    const where = await layOut(spec, objects, root, {}, claims);
    const run = await runContainer(spec.containers[0] as Container, where, root, dnsHook);
    merged = await readFile(join(claims.get('t-results') as string, 't', 'merged-by-job', 'summary.json'), 'utf8');
    assertExitIsVerdict(run, JSON.parse(merged) as RunResult);
  } else {
    assert.equal(merge, undefined, 'with logs, the user merges the logs');
    // What kubectl logs -l … prints: every pod's output, one after another.
    const logs = join(dir, 'logs.txt');
    await writeFile(logs, pods.map((p) => p.stdout).join('\n'));
    const out = join(dir, 'merged');
    const run = await runCli(['merge', '--logs', logs, '--out', out]);
    merged = await readFile(join(out, 'summary.json'), 'utf8');
    assertExitIsVerdict(run, JSON.parse(merged) as RunResult);
  }
  const summary = JSON.parse(merged) as {
    passed: boolean;
    checks: { name: string; pass: boolean }[];
    groups: Record<string, unknown>;
  };
  // The coordinator's result is the merge of the segments' results, exactly (but who made it).
  assert.deepEqual({ ...live, meta: null }, { ...(JSON.parse(merged) as Record<string, unknown>), meta: null });
  return {
    passed: summary.passed,
    checks: summary.checks.map((c) => [c.name, c.pass]),
    pods: completions,
    manifest: text,
    groups: summary.groups,
  };
}

// The logs variant (no volume: a barrier over TCP, lptf merge --logs) runs with the load file below.
test("the manifests (--results volume) run as a cluster would run them, applied an hour after writing: the merged verdict is a single run's", {
  skip: firstNodeOnly,
}, async () => {
  const { url, server } = await flakyTarget();
  try {
    const out = await mkdtemp(join(tmpdir(), 'lptf-k8s-single-'));
    const single = await runCli(['run', url, '--rate', '100', '--duration', '3s', '--quiet', '--out', join(out, 'r')]);
    const whole = JSON.parse(await readFile(join(out, 'r', 'summary.json'), 'utf8')) as RunResult;
    assertTargetFailed(single, whole);
    const k8s = await applyAndRun('volume', [url, '--rate', '100', '--duration', '3s']);
    assert.equal(k8s.pods, 3);
    assert.doesNotMatch(k8s.manifest, /start-at \d/, 'the start comes from the barrier, not the manifest');
    const errorRate = (checks: [string, boolean][]): boolean | undefined => checks.find(([n]) => /error/.test(n))?.[1];
    // Every 20th request fails: 5% errors, so both fail the error-rate check, and say so alike.
    assert.equal(errorRate(k8s.checks), false);
    assert.equal(errorRate(whole.checks.map((c) => [c.name, c.pass])), false);
    assert.equal(k8s.passed, whole.passed);
    assert.deepEqual(
      k8s.checks.map(([n]) => n),
      whole.checks.map((c) => c.name),
    );
  } finally {
    server.close();
  }
});

test("--results logs, with a load file of two scenarios, a helper module and a CSV feeder shipped to the pods: 3 segments and the coordinator give a single run's verdict", {
  skip: firstNodeOnly,
}, async () => {
  const { url, server } = await flakyTarget();
  try {
    const dir = await mkdtemp(join(tmpdir(), 'lptf-k8s-file-'));
    await mkdir(join(dir, 'data'));
    await writeFile(join(dir, 'data', 'items.csv'), `id\n${Array.from({ length: 30 }, (_, i) => i + 1).join('\n')}\n`);
    await writeFile(join(dir, 'paths.mjs'), "export const itemPath = '/items/{{data.items.id}}';\n");
    // JavaScript: this Node (20) strips no types, and the pods here run it; the stock image (Node 24) runs a .ts file.
    await writeFile(
      join(dir, 'shop.load.mjs'),
      `import { loadTest } from 'lptf/load';
import { itemPath } from './paths.mjs';
export default loadTest({
  url: '${url}',
  rate: 90,
  duration: '3s',
  seed: 11,
  data: { items: { file: 'data/items.csv', mode: 'shuffle' } },
  scenarios: {
    list: { weight: 2, request: { path: '/list' } },
    item: { weight: 1, request: { path: itemPath } },
  },
});
`,
    );
    const single = await runCli(['run', join(dir, 'shop.load.mjs'), '--quiet', '--out', join(dir, 'single')]);
    const whole = JSON.parse(await readFile(join(dir, 'single', 'summary.json'), 'utf8')) as RunResult;
    assertTargetFailed(single, whole);
    const k8s = await applyAndRun('logs', [join(dir, 'shop.load.mjs')]);
    assert.equal(k8s.pods, 3);
    // The file's code and data are in the manifest, each once, at their paths beside the load file.
    assert.match(k8s.manifest, /path: paths\.mjs/);
    assert.match(k8s.manifest, /path: data\/items\.csv/);
    assert.equal(k8s.passed, whole.passed);
    // The same checks, and the same verdicts on the target's answers; the run's own (pacing, the
    // generator's lateness) are each run's.
    assert.deepEqual(
      k8s.checks.map(([n]) => n),
      whole.checks.map((c) => c.name),
    );
    const onTarget = (checks: [string, boolean][]) =>
      checks.filter(([n]) => !/^(delivered|send_lateness_p99) /.test(n));
    assert.deepEqual(onTarget(k8s.checks), onTarget(whole.checks.map((c) => [c.name, c.pass])));
    assert.deepEqual(Object.keys(k8s.groups).sort(), ['item', 'list']);
  } finally {
    server.close();
  }
});

test("--package and --lptf go into the pods' shell command: anything a shell would read as more is refused (exit 2)", async () => {
  for (const [flag, value] of [
    ['--package', 'lptf@1; curl x|sh'],
    ['--package', 'lptf$(id)'],
    ['--lptf', 'lptf && id'],
    ['--lptf', 'lptf `id`'],
  ] as const) {
    const run = await runCli(['k8s', 'http://127.0.0.1:1/', '-r', '5', '-d', '1s', '--instances', '1', flag, value]);
    assert.equal(run.code, 2, `${flag} ${value}: ${run.stderr}`);
    assert.match(run.stderr, new RegExp(`${flag}: `));
    assert.equal(run.stdout, '', 'no manifest written');
  }
  const ok = await runCli([
    'k8s',
    'http://127.0.0.1:1/',
    '-r',
    '5',
    '-d',
    '1s',
    '--instances',
    '1',
    '--package',
    '@scope/lptf@^0.1',
  ]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /npx -y @scope\/lptf@\^0\.1 run/);
});
