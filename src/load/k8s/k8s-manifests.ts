import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { isSecretName, urlHasSecret } from '../../core/redact/index.js';
import { type PlanInput, pickField, planFields, type ResolvedPlan } from '../plan/index.js';

/**
 * What `lptf k8s` needs beyond the plan.
 *
 * @example
 * ```ts
 * const o: K8sOptions = { instances: 4, name: 'checkout-load', startAtMs: Date.now() + 120_000, lptfPackage: 'lptf@0.1.0' }
 * ```
 */
export interface K8sOptions {
  /** Pods, each running one segment of the schedule. */
  readonly instances: number;
  /** Prefix of every object's name (a DNS label). */
  readonly name: string;
  readonly namespace?: string;
  /** Any image with Node ≥ 20.18 and npx. */
  readonly image?: string;
  /** What npx runs: the lptf release that wrote the manifest, unless told otherwise. */
  readonly lptfPackage: string;
  /** When every segment starts (ms since the epoch): apply the manifest before then. */
  readonly startAtMs: number;
  /** Size of the results volume. */
  readonly storage?: string;
}

/** Fields each pod sets for itself. */
const PER_POD = new Set(['segment', 'startAt']);

/**
 * The Kubernetes objects that run a plan as `instances` segments at once and merge them:
 * - a PersistentVolumeClaim (ReadWriteMany) for the segments' results;
 * - a ConfigMap with the plan (`plan.yaml`), its case files and its body file, and never a credential;
 * - a Secret with every field declared secret (the widget's `LPTF_WX_*`), a URL that carries a
 *   credential (`LPTF_URL`) and the secret-named headers (`LPTF_HEADERS`), as the variables they are read from;
 * - an Indexed Job of `instances` pods: pod *i* runs `lptf run --segment i/N --start-at …`;
 * - a Job that merges them (`lptf merge`), created suspended: resume it once the first has completed.
 *
 * A pod whose checks fail still succeeds: a segment's checks say nothing about the whole; the
 * merge evaluates them and exits 1.
 *
 * @example
 * ```ts
 * const objects = await k8sManifests(layers, await resolvePlan(layers), { instances: 4, name: 'load', startAtMs, lptfPackage: 'lptf@0.1.0' })
 * ```
 */
export async function k8sManifests(
  layers: readonly PlanInput[],
  resolved: ResolvedPlan,
  options: K8sOptions,
): Promise<Record<string, unknown>[]> {
  const { name, instances } = options;
  const metadata = (suffix: string): Record<string, unknown> => ({
    name: `${name}${suffix}`,
    ...(options.namespace ? { namespace: options.namespace } : {}),
    labels: { 'app.kubernetes.io/name': 'lptf', 'app.kubernetes.io/instance': name },
  });
  const config: Record<string, unknown> = {};
  const files: Record<string, string> = {};
  const fields = planFields();
  // Credentials go to the Secret; where results go is each pod's own business.
  for (const field of fields) {
    const value = pickField(layers, field.key)?.value;
    if (value === undefined || field.secret || field.output || PER_POD.has(field.key)) continue;
    config[field.key] = value;
  }
  // Every segment must shuffle the cases alike: the seed this plan resolved to, given or drawn.
  config['seed'] = resolved.plan.seed;
  config['cases'] = resolved.caseGroups.map((g, i) => {
    files[`cases-${i}.jsonl`] = `${g.cases.map((c) => c.text).join('\n')}\n`;
    return `${g.label}=/plan/cases-${i}.jsonl`;
  });
  if (resolved.caseGroups.length === 0) delete config['cases'];
  const body = config['body'];
  if (typeof body === 'string' && body.startsWith('@')) {
    files[`body-${basename(body.slice(1))}`] = await readFile(body.slice(1), 'utf8');
    config['body'] = `@/plan/body-${basename(body.slice(1))}`;
  }
  const { stringify } = await import('yaml');
  const secrets: Record<string, string> = Object.fromEntries(
    fields.flatMap((f) => {
      const v = f.secret && f.env ? pickField(layers, f.key)?.value : undefined;
      return v === undefined ? [] : [[f.env as string, String(v)]];
    }),
  );
  // Credentials inside plain fields, by the one rule reports redact with: a URL with user-info or
  // a secret query value goes whole (LPTF_URL), secret-named headers one a line (LPTF_HEADERS).
  const url = config['url'];
  if (typeof url === 'string' && urlHasSecret(url)) {
    secrets['LPTF_URL'] = url;
    delete config['url'];
  }
  // The headers as the plan resolved them (every layer's, the preset's, checked): the pods get them all, split.
  const headers = Object.entries(resolved.plan.headers).map(([name, value]) => `${name}: ${value}`);
  const secretHeaders = headers.filter((h) => isSecretName(h.slice(0, h.indexOf(':'))));
  const plainHeaders = headers.filter((h) => !secretHeaders.includes(h));
  if (secretHeaders.length > 0) secrets['LPTF_HEADERS'] = secretHeaders.join('\n');
  if (plainHeaders.length > 0) config['headers'] = plainHeaders;
  else delete config['headers'];
  const hasSecret = Object.keys(secrets).length > 0;
  const results = `/results/${name}`;
  const lptf = `npx -y ${options.lptfPackage}`;
  const pod = (command: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    restartPolicy: 'Never',
    containers: [
      {
        name: 'lptf',
        image: options.image ?? 'node:24-slim',
        command: ['sh', '-c', command],
        ...extra,
        ...(hasSecret ? { envFrom: [{ secretRef: { name: `${name}-credentials` } }] } : {}),
        volumeMounts: [
          { name: 'plan', mountPath: '/plan', readOnly: true },
          { name: 'results', mountPath: '/results' },
        ],
      },
    ],
    volumes: [
      { name: 'plan', configMap: { name: `${name}-plan` } },
      { name: 'results', persistentVolumeClaim: { claimName: `${name}-results` } },
    ],
  });
  // A failed check (exit 1) is the merge's to judge on the whole; other codes fail the pod.
  const runSegment = `${lptf} run --config /plan/plan.yaml --segment "$LPTF_SEGMENT/${instances}" --start-at ${options.startAtMs} --quiet --out "${results}/segment-$LPTF_SEGMENT"; code=$?; [ "$code" -le 1 ] || exit "$code"`;
  return [
    {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: metadata('-results'),
      spec: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: options.storage ?? '1Gi' } } },
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: metadata('-plan'),
      data: { 'plan.yaml': stringify(config), ...files },
    },
    ...(hasSecret
      ? [{ apiVersion: 'v1', kind: 'Secret', metadata: metadata('-credentials'), type: 'Opaque', stringData: secrets }]
      : []),
    {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: metadata(''),
      spec: {
        completionMode: 'Indexed',
        completions: instances,
        parallelism: instances,
        backoffLimit: 0,
        template: {
          metadata: { labels: { 'app.kubernetes.io/name': 'lptf', 'app.kubernetes.io/instance': name } },
          spec: pod(runSegment, {
            env: [
              {
                name: 'LPTF_SEGMENT',
                valueFrom: {
                  fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" },
                },
              },
            ],
          }),
        },
      },
    },
    {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: metadata('-merge'),
      // Created suspended: it must not run before the segments have finished.
      spec: {
        suspend: true,
        backoffLimit: 0,
        template: {
          spec: pod(`${lptf} merge ${results}/segment-* --out ${results}/merged --format html --format junit`),
        },
      },
    },
  ];
}

/**
 * The objects as one YAML stream, ready for `kubectl apply -f`.
 *
 * @example
 * ```ts
 * await writeFile('load.yaml', await manifestsYaml(objects))
 * ```
 */
export async function manifestsYaml(objects: readonly Record<string, unknown>[]): Promise<string> {
  const { stringify } = await import('yaml');
  return objects.map((o) => stringify(o)).join('---\n');
}
