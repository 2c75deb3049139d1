import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { InvalidInputError, UsageError } from '../../core/errors/index.js';
import { isSecretName, redactText, urlHasSecret } from '../../core/redact/index.js';
import { longFlag } from '../fields/field.js';
import { type PlanInput, pickField, planFields, type ResolvedPlan } from '../plan/index.js';
import { loadFileTree } from './load-file-tree.js';

/**
 * What `lptf k8s` needs beyond the plan.
 *
 * @example
 * ```ts
 * const o: K8sOptions = { instances: 4, name: 'checkout-load', lptf: { singleFile: text }, results: 'volume', barrierTimeout: '10m' }
 * ```
 */
export interface K8sOptions {
  /** Pods, each running one segment of the schedule. */
  readonly instances: number;
  /** Prefix of every object's name (a DNS label). */
  readonly name: string;
  readonly namespace?: string;
  /** Any image with Node >= 20.18 (and the `command` it is told to run, if any). */
  readonly image?: string;
  /**
   * How the pods run lptf: the single-file build's text, held in a ConfigMap and run with the
   * image's `node` (no registry, no published package), or a command the image has (`lptf`, `npx -y lptf@0.1.0`).
   */
  readonly lptf: { readonly singleFile: string } | { readonly command: string };
  /**
   * Where the segments' results go: `volume`, a ReadWriteMany claim every pod mounts (the merge
   * is a Job); `logs`, each pod prints its measure.json and `lptf merge --logs` reads the pods'
   * logs (no volume at all).
   */
  readonly results: 'volume' | 'logs';
  /** How long a segment waits for the others at the start barrier (`10m`). */
  readonly barrierTimeout: string;
  /** Size of the results volume. */
  readonly storage?: string;
  /** The coordinator's token (drawn at random if not given). */
  readonly token?: string;
}

/** A value as one word of a POSIX shell command: quoted, nothing in it interpreted. */
function shellWord(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** The most a ConfigMap may hold (the API server refuses more). */
export const CONFIGMAP_LIMIT_BYTES = 1024 * 1024;
/** Where each pod works: every path in a command and in plan.yaml is relative to it. */
const WORKDIR = '/lptf';
const BARRIER_PORT = 7070;
const COORDINATOR_PORT = 7071;
const DASHBOARD_PORT = 5665;

/**
 * Fields of `lptf run` that have no place in a pod, each with why: `lptf k8s` refuses them by
 * name rather than drop them.
 */
export const K8S_REFUSED: Readonly<Record<string, string>> = {
  segment: 'each pod runs its own segment (the Indexed Job gives it)',
  startAt: 'the pods start together at the barrier, once all are up',
  out: "the results go to the volume (or the pods' logs, --results logs); the merged result is the coordinator's",
  stream: "the coordinator's progress is followed with lptf follow; the per-second series is in its results",
  checkpoint: 'each segment checkpoints its own results as lptf run does',
  overwrite: 'each test writes under its own --name',
  quiet: 'pods are always quiet; the coordinator prints the report to its log',
  dashboardHost: "the coordinator's dashboard listens in its pod: reach it with kubectl port-forward",
  watchPid:
    'a process id of this machine is not in the pods: watch the host by its node exporter (--watch-node-exporter)',
  watchCmd: 'a service started beside the generator has no place in a pod: watch its host by --watch-node-exporter',
  watchReadyTimeout: 'it goes with --watch-cmd, which has no place in a pod',
  coordinator: 'lptf k8s runs its own coordinator (a Job and a Service)',
  coordinatorToken: "lptf k8s draws the coordinator's token and keeps it in the Secret",
};

/** Fields the coordinator alone takes, as flags of `lptf coordinate` (the whole test pushes, serves and watches once). */
const COORDINATOR_ONLY = ['prometheusRw', 'runId', 'formats', 'dashboard', 'watchNodeExporter'] as const;

/**
 * The Kubernetes objects that run a plan as `instances` segments at once and merge them:
 * - a ConfigMap with lptf itself (the single file), unless the image brings it;
 * - a ConfigMap with the plan (`plan.yaml`), its case files and its body file, and never a credential;
 * - a Secret with every field declared secret (the widget's `LPTF_WX_*`), a URL that carries a
 *   credential (`LPTF_URL`) and the secret-named headers (`LPTF_HEADERS`), as the variables they are read from;
 * - an Indexed Job of `instances` pods: pod *i* waits at the start barrier until every pod is up
 *   (`lptf pod barrier`), then runs `lptf run --segment i/N --start-at <the common start>`;
 * - with `results: 'volume'`, a PersistentVolumeClaim (ReadWriteMany) that holds the barrier and
 *   the results, and a Job that merges them (`lptf merge`), created suspended: resume it once
 *   the first has completed;
 * - with `results: 'logs'`, a headless Service by which the pods reach pod 0 for the barrier;
 *   each pod prints its results (`lptf pod emit`), for `lptf merge --logs`.
 *
 * Every path the pods use is relative to their working folder, `/lptf` (`plan/`, `bin/`, `results/`).
 * A pod whose checks fail still succeeds: a segment's checks say nothing about the whole; the
 * merge evaluates them and exits 1.
 *
 * @example
 * ```ts
 * const objects = await k8sManifests(layers, await resolvePlan(layers), { instances: 4, name: 'load', lptf: { command: 'lptf' }, results: 'logs', barrierTimeout: '10m' })
 * ```
 */
export async function k8sManifests(
  layers: readonly PlanInput[],
  resolved: ResolvedPlan,
  options: K8sOptions,
): Promise<Record<string, unknown>[]> {
  const { name, instances } = options;
  const labels = { 'app.kubernetes.io/name': 'lptf', 'app.kubernetes.io/instance': name };
  const metadata = (suffix: string): Record<string, unknown> => ({
    name: `${name}${suffix}`,
    ...(options.namespace ? { namespace: options.namespace } : {}),
    labels,
  });
  const config: Record<string, unknown> = {};
  const files: Record<string, string> = {};
  const fields = planFields();
  // Credentials go to the Secret; where results go is each pod's own business.
  const refused = Object.keys(K8S_REFUSED).flatMap((key) => {
    const given = pickField(layers, key);
    return given ? [{ where: given.where, message: `not in Kubernetes: ${K8S_REFUSED[key]}` }] : [];
  });
  if (refused.length > 0) throw new InvalidInputError(refused);
  const onCoordinator = new Set<string>(COORDINATOR_ONLY);
  for (const field of fields) {
    const value = pickField(layers, field.key)?.value;
    if (value === undefined || field.secret || field.output || onCoordinator.has(field.key)) continue;
    config[field.key] = value;
  }
  // Every segment must shuffle the cases alike: the seed this plan resolved to, given or drawn.
  config['seed'] = resolved.plan.seed;
  // A file that holds a credential (a token in a case, a password in a body) goes to the Secret,
  // mounted beside the plan: by the one rule every output redacts with.
  const secretFiles: Record<string, string> = {};
  const ship = (name: string, text: string): string => {
    if (redactText(text) === text) {
      files[name] = text;
      return name;
    }
    secretFiles[name] = text;
    return `../secret/${name}`;
  };
  // A load file, the files it imports and the data its feeders read: beside each other in the pods, as here.
  const loadItems: { key: string; path: string }[] = [];
  const loadSecretItems: { key: string; path: string }[] = [];
  const script = config['script'];
  if (typeof script === 'string') {
    const tree = await loadFileTree(script);
    for (const [i, f] of tree.entries()) {
      const key = `load-${i}`;
      if (redactText(f.text) === f.text) {
        files[key] = f.text;
        loadItems.push({ key, path: f.path });
      } else {
        secretFiles[key] = f.text;
        loadSecretItems.push({ key, path: f.path });
      }
    }
    config['script'] = `../load/${tree[0]?.path}`;
  }
  config['cases'] = resolved.caseGroups.map(
    (g, i) => `${g.label}=${ship(`cases-${i}.jsonl`, `${g.cases.map((c) => c.text).join('\n')}\n`)}`,
  );
  if (resolved.caseGroups.length === 0) delete config['cases'];
  const body = config['body'];
  if (typeof body === 'string' && body.startsWith('@'))
    config['body'] = `@${ship(`body-${basename(body.slice(1))}`, await readFile(body.slice(1), 'utf8'))}`;
  else if (typeof body === 'string' && redactText(body) !== body) {
    // An inline body with a credential: the pods read it from the Secret's file.
    config['body'] = `@${ship('body.txt', body)}`;
  }
  const { stringify } = await import('yaml');
  const secrets: Record<string, string> = Object.fromEntries(
    fields.flatMap((f) => {
      const v = f.secret && f.env && !(f.key in K8S_REFUSED) ? pickField(layers, f.key)?.value : undefined;
      return v === undefined ? [] : [[f.env as string, String(v)]];
    }),
  );
  // Segments report to the coordinator with a token only they and it hold.
  secrets['LPTF_COORDINATOR_TOKEN'] = options.token ?? randomBytes(24).toString('base64url');
  // What the coordinator alone takes: flags, quoted; a credential in a URL goes to the Secret instead.
  const coordinatorFlags: string[] = [];
  for (const key of COORDINATOR_ONLY) {
    const field = fields.find((f) => f.key === key);
    const value = pickField(layers, key)?.value;
    if (!field || value === undefined || value === false) continue;
    const flag = longFlag(field);
    for (const v of [value].flat()) {
      if (typeof v === 'string' && urlHasSecret(v) && field.env && !Array.isArray(value)) secrets[field.env] = v;
      else if (key === 'dashboard') coordinatorFlags.push(flag, String(DASHBOARD_PORT), '--dashboard-host', '0.0.0.0');
      else coordinatorFlags.push(flag, shellWord(String(v)));
    }
  }
  const dashboard = coordinatorFlags.includes('--dashboard');
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
  const hasSecret = true;
  const hasSecretFiles = Object.keys(secretFiles).length > 0;
  const hasLoadFile = loadItems.length + loadSecretItems.length > 0;
  const single = 'singleFile' in options.lptf ? options.lptf.singleFile : undefined;
  if (single !== undefined && Buffer.byteLength(single) > CONFIGMAP_LIMIT_BYTES - 1024)
    throw new UsageError(
      `the single-file build is ${Buffer.byteLength(single)} bytes, more than a ConfigMap holds: give --image with lptf in it and --lptf`,
    );
  const lptf = 'command' in options.lptf ? options.lptf.command : 'node bin/lptf.mjs';
  const onVolume = options.results === 'volume';
  const results = onVolume ? `results/${name}` : 'results';
  const pod = (command: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    restartPolicy: 'Never',
    containers: [
      {
        name: 'lptf',
        image: options.image ?? 'node:24-slim',
        workingDir: WORKDIR,
        command: ['sh', '-c', command],
        ...extra,
        ...(hasSecret ? { envFrom: [{ secretRef: { name: `${name}-credentials` } }] } : {}),
        volumeMounts: [
          { name: 'plan', mountPath: `${WORKDIR}/plan`, readOnly: true },
          ...(hasSecretFiles ? [{ name: 'secret-files', mountPath: `${WORKDIR}/secret`, readOnly: true }] : []),
          ...(hasLoadFile ? [{ name: 'load', mountPath: `${WORKDIR}/load`, readOnly: true }] : []),
          ...(single !== undefined ? [{ name: 'program', mountPath: `${WORKDIR}/bin`, readOnly: true }] : []),
          { name: 'results', mountPath: `${WORKDIR}/results` },
        ],
      },
    ],
    volumes: [
      { name: 'plan', configMap: { name: `${name}-plan` } },
      ...(hasSecretFiles ? [{ name: 'secret-files', secret: { secretName: `${name}-files` } }] : []),
      // The load file's folder, its files (from the ConfigMap, or the Secret for one with a credential) at their paths.
      ...(hasLoadFile
        ? [
            {
              name: 'load',
              projected: {
                sources: [
                  ...(loadItems.length > 0 ? [{ configMap: { name: `${name}-plan`, items: loadItems } }] : []),
                  ...(loadSecretItems.length > 0
                    ? [{ secret: { name: `${name}-files`, items: loadSecretItems } }]
                    : []),
                ],
              },
            },
          ]
        : []),
      ...(single !== undefined ? [{ name: 'program', configMap: { name: `${name}-program` } }] : []),
      onVolume
        ? { name: 'results', persistentVolumeClaim: { claimName: `${name}-results` } }
        : { name: 'results', emptyDir: {} },
    ],
  });
  const barrier = onVolume ? `${results}/barrier` : `tcp://${name}-0.${name}:${BARRIER_PORT}`;
  const out = `${results}/segment-$LPTF_SEGMENT`;
  // The common start comes from the barrier, once every pod is up: not from when this was written.
  // A verdict (exit 1: a check failed; 3: inconclusive, the segment's generator fell behind) is the
  // merge's to judge on the whole, with every segment's figures: the pod still hands its results
  // on. Other codes (bad input, a crash) fail the pod.
  const runSegment = [
    `start=$(${lptf} pod barrier ${barrier} --id "$LPTF_RUN_ID" --index "$LPTF_SEGMENT" --parties ${instances} --timeout ${options.barrierTimeout}) || exit $?`,
    `${lptf} run --config plan/plan.yaml --segment "$LPTF_SEGMENT/${instances}" --start-at "$start" --coordinator http://${name}-coordinator:${COORDINATOR_PORT}/ --quiet --overwrite --out "${out}"; code=$?`,
    '[ "$code" -le 1 ] || [ "$code" -eq 3 ] || exit "$code"',
    ...(onVolume ? [] : [`${lptf} pod emit "${out}" --segment "$LPTF_SEGMENT"`]),
  ].join('\n');
  const segments = Array.from({ length: instances }, (_, i) => `${results}/segment-${i}`).join(' ');
  const fieldEnv = (envName: string, fieldPath: string): Record<string, unknown> => ({
    name: envName,
    valueFrom: { fieldRef: { fieldPath } },
  });
  const segmentLabels = { ...labels, 'app.kubernetes.io/component': 'segment' };
  const coordinatorLabels = { ...labels, 'app.kubernetes.io/component': 'coordinator' };
  // The whole test's verdict, live; its exit code is the test's. It waits for the segments as long as the barrier does.
  const coordinate = [
    `exec ${lptf} coordinate --config plan/plan.yaml --segments ${instances} --listen 0.0.0.0:${COORDINATOR_PORT}`,
    `--join-timeout ${options.barrierTimeout} --linger 60s --overwrite --out ${results}/merged --format html --format junit`,
    ...coordinatorFlags,
  ].join(' ');
  return [
    ...(onVolume
      ? [
          {
            apiVersion: 'v1',
            kind: 'PersistentVolumeClaim',
            metadata: metadata('-results'),
            spec: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: options.storage ?? '1Gi' } } },
          },
        ]
      : [
          {
            apiVersion: 'v1',
            kind: 'Service',
            metadata: metadata(''),
            // Headless: it only gives pod 0 a name (<name>-0.<name>) the others reach for the barrier.
            spec: {
              clusterIP: 'None',
              publishNotReadyAddresses: true,
              selector: segmentLabels,
              ports: [{ name: 'barrier', port: BARRIER_PORT }],
            },
          },
        ]),
    ...(single !== undefined
      ? [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: metadata('-program'), data: { 'lptf.mjs': single } }]
      : []),
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: metadata('-plan'),
      data: { 'plan.yaml': stringify(config), ...files },
    },
    ...(hasSecret
      ? [{ apiVersion: 'v1', kind: 'Secret', metadata: metadata('-credentials'), type: 'Opaque', stringData: secrets }]
      : []),
    ...(hasSecretFiles
      ? [{ apiVersion: 'v1', kind: 'Secret', metadata: metadata('-files'), type: 'Opaque', stringData: secretFiles }]
      : []),
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: metadata('-coordinator'),
      spec: {
        selector: coordinatorLabels,
        ports: [
          { name: 'reports', port: COORDINATOR_PORT },
          ...(dashboard ? [{ name: 'dashboard', port: DASHBOARD_PORT }] : []),
        ],
      },
    },
    {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: metadata('-coordinator'),
      spec: {
        backoffLimit: 0,
        template: { metadata: { labels: coordinatorLabels }, spec: pod(coordinate) },
      },
    },
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
          metadata: { labels: segmentLabels },
          spec: {
            ...(onVolume ? {} : { subdomain: name }),
            ...pod(runSegment, {
              env: [
                fieldEnv('LPTF_SEGMENT', "metadata.annotations['batch.kubernetes.io/job-completion-index']"),
                // The Job's uid: a pod of an earlier run of the same name is not counted at the barrier.
                fieldEnv('LPTF_RUN_ID', "metadata.labels['batch.kubernetes.io/controller-uid']"),
              ],
            }),
          },
        },
      },
    },
    ...(onVolume
      ? [
          {
            apiVersion: 'batch/v1',
            kind: 'Job',
            metadata: metadata('-merge'),
            // Created suspended: it must not run before the segments have finished.
            spec: {
              suspend: true,
              backoffLimit: 0,
              template: {
                metadata: { labels },
                spec: pod(`${lptf} merge ${segments} --out ${results}/merged-by-job --format html --format junit`),
              },
            },
          },
        ]
      : []),
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
