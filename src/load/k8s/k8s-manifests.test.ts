import '../../builtins.js';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { ConfigMap, PersistentVolumeClaim, Secret, Service } from 'kubernetes-models/v1';
import { parse } from 'yaml';
import { SECRET_HEADERS, SECRET_URLS } from '../../core/redact/secret-corpus.fixture.js';
import type { WidgetBound } from '../../widget/protocol/index.js';
import { parseConfig } from '../plan/config-file.js';
import { envLayer } from '../plan/env-layer.js';
import { type PlanInput, resolvePlan } from '../plan/index.js';
import { k8sManifests, manifestsYaml } from './k8s-manifests.js';

const CREDENTIALS = {
  LPTF_WX_TOKEN: 'toksecret1',
  LPTF_WX_AES_KEY: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  LPTF_WX_APPID: 'wx-secret-app',
  LPTF_WX_GH_ID: 'gh_secret42',
};

const TOKEN = 'coordinator-token-0123';
const AS_COMMAND = { lptf: { command: 'lptf' }, results: 'volume', barrierTimeout: '10m', token: TOKEN } as const;
const named = (objects: Record<string, unknown>[], kind: string, name: string): Record<string, unknown> =>
  objects.find((o) => o['kind'] === kind && (o['metadata'] as { name: string }).name === name) as Record<
    string,
    unknown
  >;

async function widgetPlan(): Promise<{ layers: PlanInput[]; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'lptf-k8s-'));
  await writeFile(
    join(dir, 'normal.jsonl'),
    '{"type": 1, "slot_list": [], "i": 1}\n{"type": 1, "slot_list": [], "i": 2}\n',
  );
  const where = '--flag';
  const layers: PlanInput[] = [
    envLayer(CREDENTIALS),
    {
      url: { value: 'http://checkout.shop.svc:8080/widget', where },
      preset: { value: 'wechat-widget', where },
      cases: { value: [`normal=${join(dir, 'normal.jsonl')}`], where },
      rate: { value: '500', where },
      duration: { value: '10m', where },
    },
  ];
  return { layers, dir };
}

test('the manifests validate against the Kubernetes API schema', async () => {
  const { layers } = await widgetPlan();
  const objects = await k8sManifests(layers, await resolvePlan(layers), {
    instances: 5,
    name: 'checkout',
    namespace: 'load',
    ...AS_COMMAND,
  });
  const kinds = objects.map((o) => o['kind']);
  assert.deepEqual(kinds, ['PersistentVolumeClaim', 'ConfigMap', 'Secret', 'Service', 'Job', 'Job', 'Job']);
  const models = { PersistentVolumeClaim, ConfigMap, Secret, Job, Service } as const;
  for (const o of objects) new models[o['kind'] as keyof typeof models](o as never).validate();
  const job = new Job(named(objects, 'Job', 'checkout') as never);
  assert.equal(job.spec?.completionMode, 'Indexed');
  assert.equal(job.spec?.completions, 5);
  assert.equal(job.spec?.parallelism, 5);
  const command = job.spec?.template.spec?.containers[0]?.command?.join(' ') ?? '';
  assert.match(command, /lptf pod barrier results\/checkout\/barrier .*--parties 5 /);
  assert.match(command, /--segment "\$LPTF_SEGMENT\/5" --start-at "\$start" /);
  assert.doesNotMatch(command, /\d{13}/, 'no time is fixed when the manifest is written');
  assert.match(command, /--coordinator http:\/\/checkout-coordinator:7071\/ /);
  const coordinator = new Job(named(objects, 'Job', 'checkout-coordinator') as never);
  assert.match(
    coordinator.spec?.template.spec?.containers[0]?.command?.join(' ') ?? '',
    /lptf coordinate --config plan\/plan\.yaml --segments 5 --listen 0\.0\.0\.0:7071 .*--out results\/checkout\/merged /,
  );
  assert.equal(
    (named(objects, 'Job', 'checkout-merge') as { spec: { suspend: boolean } }).spec.suspend,
    true,
    'the merge waits for the segments',
  );
  // Without a shared volume: a headless Service for the barrier, no claim, no merge Job; lptf itself in a ConfigMap.
  const logs = await k8sManifests(layers, await resolvePlan(layers), {
    instances: 3,
    name: 'checkout',
    lptf: { singleFile: 'console.log("lptf")' },
    results: 'logs',
    barrierTimeout: '5m',
  });
  assert.deepEqual(
    logs.map((o) => o['kind']),
    ['Service', 'ConfigMap', 'ConfigMap', 'Secret', 'Service', 'Job', 'Job'],
  );
  for (const o of logs) new models[o['kind'] as keyof typeof models](o as never).validate();
  const logsJob = new Job(named(logs, 'Job', 'checkout') as never);
  assert.equal(logsJob.spec?.template.spec?.subdomain, 'checkout');
  assert.match(
    logsJob.spec?.template.spec?.containers[0]?.command?.join(' ') ?? '',
    /node bin\/lptf\.mjs pod barrier tcp:\/\/checkout-0\.checkout:7070 .* pod emit /s,
  );
  assert.deepEqual((logs[1] as { data: Record<string, string> }).data, { 'lptf.mjs': 'console.log("lptf")' });
  // A single file too large for a ConfigMap is refused, with what to do instead.
  await assert.rejects(
    k8sManifests(layers, await resolvePlan(layers), {
      ...AS_COMMAND,
      instances: 1,
      name: 'x',
      lptf: { singleFile: 'x'.repeat(1024 * 1024) },
    }),
    /more than a ConfigMap holds/,
  );
  // The validator is not a rubber stamp: a broken Job is refused.
  assert.throws(() =>
    new Job({ ...named(objects, 'Job', 'checkout'), spec: { completions: 'five', template: {} } } as never).validate(),
  );
  // One YAML stream with the same objects.
  const docs = (await manifestsYaml(objects)).split(/^---$/m).map((d) => parse(d) as unknown);
  assert.deepEqual(docs, objects);
});

test('credentials go to the Secret only; the ConfigMap holds a plan that resolves to the same plan', async () => {
  const { layers } = await widgetPlan();
  const resolved = await resolvePlan(layers);
  const objects = await k8sManifests(layers, resolved, {
    instances: 2,
    name: 'checkout',
    ...AS_COMMAND,
  });
  const secret = objects.find((o) => o['kind'] === 'Secret') as { stringData: Record<string, string> };
  assert.deepEqual(secret.stringData, { ...CREDENTIALS, LPTF_COORDINATOR_TOKEN: TOKEN });
  const everythingElse = JSON.stringify(objects.filter((o) => o['kind'] !== 'Secret'));
  for (const value of Object.values(CREDENTIALS))
    assert.ok(!everythingElse.includes(value), `${value} leaked outside the Secret`);
  for (const job of objects.filter((o) => o['kind'] === 'Job'))
    assert.match(JSON.stringify(job), /"secretRef":\{"name":"checkout-credentials"\}/);

  // What a pod sees: the ConfigMap's files in one folder (paths in plan.yaml are relative to it), the Secret in its environment.
  const data = (objects.find((o) => o['kind'] === 'ConfigMap') as { data: Record<string, string> }).data;
  const mount = await mkdtemp(join(tmpdir(), 'lptf-k8s-plan-'));
  for (const [file, text] of Object.entries(data)) await writeFile(join(mount, file), text);
  const inPod = await resolvePlan([
    envLayer(secret.stringData),
    parseConfig(data['plan.yaml']!, join(mount, 'plan.yaml')),
  ]);
  const { plan } = inPod;
  assert.deepEqual(
    [plan.url, plan.rate, plan.durationMs, plan.seed, plan.preset],
    [resolved.plan.url, 500, 600_000, resolved.plan.seed, 'wechat-widget'],
  );
  assert.deepEqual(
    plan.checks.map((c) => c.name),
    resolved.plan.checks.map((c) => c.name),
  );
  assert.deepEqual(
    inPod.caseGroups.map((g) => [g.label, g.cases.map((c) => c.text)]),
    resolved.caseGroups.map((g) => [g.label, g.cases.map((c) => c.text)]),
  );
  assert.deepEqual(
    (plan.protocol as WidgetBound).settings.credentials,
    (resolved.plan.protocol as WidgetBound).settings.credentials,
  );
});

test('a URL or a header that carries a credential goes to the Secret; every secret of the corpus stays out of the rest', async () => {
  for (const { url, secret } of SECRET_URLS) {
    const where = '--flag';
    const layers: PlanInput[] = [
      {
        url: { value: url, where },
        headers: { value: [...SECRET_HEADERS, 'X-Env: test'], where },
        rate: { value: '50', where },
        duration: { value: '10s', where },
      },
    ];
    const resolved = await resolvePlan(layers);
    const objects = await k8sManifests(layers, resolved, {
      instances: 2,
      name: 'api',
      ...AS_COMMAND,
    });
    const secretObject = objects.find((o) => o['kind'] === 'Secret') as { stringData: Record<string, string> };
    const rest = JSON.stringify(objects.filter((o) => o['kind'] !== 'Secret'));
    assert.ok(!rest.includes('S3CR3T'), `${url}: ${rest.match(/.{40}S3CR3T.{20}/)?.[0]}`);
    assert.equal(secretObject.stringData['LPTF_URL'], url);
    assert.ok(secretObject.stringData['LPTF_URL']!.includes(secret));
    // In the pod, the Secret's variables and the ConfigMap's plan give back the same request.
    const data = (objects.find((o) => o['kind'] === 'ConfigMap') as { data: Record<string, string> }).data;
    const inPod = await resolvePlan([envLayer(secretObject.stringData), parseConfig(data['plan.yaml']!, 'plan.yaml')]);
    assert.equal(inPod.plan.url, resolved.plan.url);
    assert.deepEqual(inPod.plan.headers, resolved.plan.headers);
  }
  // A URL with nothing secret stays in the plan, readable.
  const plain: PlanInput[] = [
    {
      url: { value: 'http://api.svc:8080/search?q=x', where: 'f' },
      rate: { value: '5', where: 'f' },
      duration: { value: '1s', where: 'f' },
    },
  ];
  const objects = await k8sManifests(plain, await resolvePlan(plain), {
    instances: 1,
    name: 'api',
    ...AS_COMMAND,
  });
  assert.deepEqual((objects.find((o) => o['kind'] === 'Secret') as { stringData: unknown }).stringData, {
    LPTF_COORDINATOR_TOKEN: TOKEN,
  });
  assert.match(
    (objects.find((o) => o['kind'] === 'ConfigMap') as { data: Record<string, string> }).data['plan.yaml']!,
    /url: http:\/\/api\.svc:8080\/search\?q=x/,
  );
});

test('what lptf run takes, lptf k8s takes or refuses by name: the coordinator alone pushes, labels and watches; credentials in case files, bodies and a remote-write URL go to the Secret', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lptf-k8s-pass-'));
  await writeFile(join(dir, 'normal.jsonl'), '{"q":"beijing"}\n{"q":"shanghai"}\n');
  await writeFile(join(dir, 'tokens.jsonl'), '{"q":"x","token":"case-secret-77"}\n');
  await writeFile(join(dir, 'body.json'), '{"user":"bob","password":"body-secret-88"}');
  const where = '--flag';
  const base = (extra: PlanInput): PlanInput[] => [
    {
      url: { value: 'http://api.svc:8080/search', where },
      rate: { value: '50', where },
      duration: { value: '1m', where },
      ...extra,
    },
  ];
  // Refused by name, every one at once.
  await assert.rejects(
    async () => {
      const layers = base({
        out: { value: 'r', where: '--out' },
        stream: { value: '-', where: '--stream' },
        watchPid: { value: '42', where: '--watch-pid' },
        segment: { value: '0/2', where: '--segment' },
      });
      await k8sManifests(layers, await resolvePlan(layers), { instances: 2, name: 'api', ...AS_COMMAND });
    },
    (err: Error) =>
      [
        '--out: not in Kubernetes',
        '--stream: not in Kubernetes',
        '--watch-pid: not in Kubernetes',
        '--segment: not in Kubernetes',
      ].every((m) => err.message.includes(m)),
  );
  const layers = base({
    cases: { value: [`normal=${join(dir, 'normal.jsonl')}`, `auth=${join(dir, 'tokens.jsonl')}`], where },
    body: { value: `@${join(dir, 'body.json')}`, where },
    method: { value: 'POST', where },
    prometheusRw: { value: 'http://writer:rw-secret-99@prom.svc:9090/api/v1/write', where: '--prometheus-rw' },
    runId: { value: 'nightly-1', where: '--run-id' },
    formats: { value: ['html'], where: '--format' },
    watchNodeExporter: { value: ['http://10.0.0.5:9100/metrics'], where: '--watch-node-exporter' },
  });
  const objects = await k8sManifests(layers, await resolvePlan(layers), { instances: 2, name: 'api', ...AS_COMMAND });
  const secrets = JSON.stringify(objects.filter((o) => o['kind'] === 'Secret'));
  const rest = JSON.stringify(objects.filter((o) => o['kind'] !== 'Secret'));
  for (const s of ['case-secret-77', 'body-secret-88', 'rw-secret-99', TOKEN]) {
    assert.ok(secrets.includes(s), `${s} is in a Secret`);
    assert.ok(!rest.includes(s), `${s} leaked outside the Secrets`);
  }
  // The plain case file stays readable in the ConfigMap; the one with a token is mounted from the Secret.
  const plan = (named(objects, 'ConfigMap', 'api-plan') as { data: Record<string, string> }).data;
  assert.equal(plan['cases-0.jsonl'], '{"q":"beijing"}\n{"q":"shanghai"}\n');
  assert.match(plan['plan.yaml']!, /auth=\.\.\/secret\/cases-1\.jsonl/);
  assert.match(plan['plan.yaml']!, /body: "@\.\.\/secret\/body-body\.json"/);
  assert.doesNotMatch(plan['plan.yaml']!, /prometheus|runId|watchNodeExporter|formats/);
  const command = (job: string): string =>
    (
      named(objects, 'Job', job) as { spec: { template: { spec: { containers: { command: string[] }[] } } } }
    ).spec.template.spec.containers[0]!.command.join(' ');
  assert.match(
    command('api-coordinator'),
    /--run-id 'nightly-1' --format 'html' --watch-node-exporter 'http:\/\/10\.0\.0\.5:9100\/metrics'/,
  );
  assert.doesNotMatch(command('api'), /run-id|prometheus|node-exporter/);
  const credentials = (named(objects, 'Secret', 'api-credentials') as { stringData: Record<string, string> })
    .stringData;
  assert.equal(credentials['LPTF_PROMETHEUS_RW'], 'http://writer:rw-secret-99@prom.svc:9090/api/v1/write');
});

test('a load file that holds a credential ships from the Secret, at its path beside the others; none of its text is in the ConfigMap or a Job', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lptf-k8s-file-'));
  await writeFile(join(dir, 'paths.mjs'), "export const path = '/items';\n");
  await writeFile(
    join(dir, 'auth.load.mjs'),
    [
      "import { loadTest } from 'lptf/load';",
      "import { path } from './paths.mjs';",
      "export default loadTest({ url: 'http://api.svc:8080', rate: 5, duration: '1s', headers: { Authorization: 'Bearer lf-secret-66' }, scenarios: { a: { request: { path } } } });",
    ].join('\n'),
  );
  const layers: PlanInput[] = [{ script: { value: join(dir, 'auth.load.mjs'), where: '<file>' } }];
  const objects = await k8sManifests(layers, await resolvePlan(layers), { instances: 2, name: 'lf', ...AS_COMMAND });
  const rest = JSON.stringify(objects.filter((o) => o['kind'] !== 'Secret'));
  assert.ok(!rest.includes('lf-secret-66'), 'the credential leaked outside the Secrets');
  const files = (named(objects, 'Secret', 'lf-files') as { stringData: Record<string, string> }).stringData;
  assert.ok(Object.values(files).some((t) => t.includes('lf-secret-66')));
  // Both files land in one folder in the pods: the plain one from the ConfigMap, the other from the Secret.
  const job = JSON.stringify(named(objects, 'Job', 'lf'));
  assert.match(job, /"configMap":\{"name":"lf-plan","items":\[\{"key":"load-1","path":"paths.mjs"\}\]\}/);
  assert.match(job, /"secret":\{"name":"lf-files","items":\[\{"key":"load-0","path":"auth.load.mjs"\}\]\}/);
  assert.match(
    (named(objects, 'ConfigMap', 'lf-plan') as { data: Record<string, string> }).data['plan.yaml']!,
    /script: \.\.\/load\/auth\.load\.mjs/,
  );
});
