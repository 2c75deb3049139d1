import { readFile, writeFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { UsageError } from '../core/errors/index.js';
import { singleFileBuild } from '../core/single-file.js';
import { durationFlag } from './duration-flag.js';
import { planCommand, planLayers, type RunFlags } from './run-command.js';
import { wholeNumber } from './whole-number.js';

interface K8sFlags extends RunFlags {
  instances: string;
  name: string;
  namespace?: string;
  image?: string;
  lptf?: string;
  package?: string;
  results: 'volume' | 'logs';
  barrierTimeout: string;
  manifest?: string;
}

/**
 * The `lptf k8s` command: a plan (the same flags and config as `lptf run`) as Kubernetes
 * objects that run it from many pods at once and merge their results.
 *
 * @example
 * ```ts
 * program.addCommand(k8sCommand())
 * ```
 */
export function k8sCommand(): Command {
  const cmd = planCommand(
    new Command('k8s').description(
      'write Kubernetes objects that run a plan as N segments at once (an Indexed Job) and merge them',
    ),
  )
    .requiredOption('--instances <n>', 'pods, each sending one segment of the schedule')
    .option('--name <name>', "prefix of every object's name", 'lptf')
    .option('--namespace <ns>', 'namespace of every object')
    .option('--image <image>', 'container image with Node >= 20.18 (default node:24-slim)')
    .option(
      '--lptf <command>',
      "how pods run lptf, for an image that has it (e.g. lptf); default: the single-file build, in a ConfigMap, run with the image's node",
    )
    .option('--package <spec>', 'pods run lptf with npx -y <spec> (needs a registry); like --lptf "npx -y <spec>"')
    .addOption(
      new Option(
        '--results <where>',
        'volume: a ReadWriteMany claim and a merge Job; logs: pods print their results, for lptf merge --logs',
      )
        .choices(['volume', 'logs'])
        .default('volume'),
    )
    .option('--barrier-timeout <time>', 'a pod fails (exit 3) if not every pod is up by then', '10m')
    .option('--manifest <file>', 'write the manifest here instead of stdout');
  cmd.addHelpText(
    'after',
    `
Then (server-side apply: the ConfigMap holding lptf is larger than client-side apply allows):
  lptf k8s http://svc:8080/ --rate 2000 --duration 30m --instances 4 --name checkout --manifest load.yaml
  kubectl apply --server-side -f load.yaml   # lptf, the plan, credentials, volume, the coordinator, the Indexed Job, the merge Job (suspended)
  kubectl port-forward service/checkout-coordinator 7071 &   # then, from the laptop:
  LPTF_COORDINATOR_TOKEN=$(kubectl get secret checkout-credentials -o jsonpath='{.data.LPTF_COORDINATOR_TOKEN}' | base64 -d) \
    lptf follow http://127.0.0.1:7071/   # the whole test's progress, then its report; its exit code is the test's
The coordinator (job/checkout-coordinator) merges the segments' seconds live, judges every check on the
whole test, stops every segment once a check that asks for it is decided, and writes the merged
summary.json, report.md, report.html and junit.xml into the volume under checkout/merged
(kubectl logs job/checkout-coordinator prints the report). --prometheus-rw, --run-id, --dashboard,
--format and --watch-node-exporter go to the coordinator alone: the whole test pushes and watches once.
Should the coordinator be lost, the segments' own results are whole; the merge Job writes checkout/merged-by-job:
  kubectl patch job checkout-merge -p '{"spec":{"suspend":false}}'
  kubectl wait --for=condition=complete job/checkout-merge && kubectl logs job/checkout-merge
The pods start together once all are up (a barrier), however long after writing the manifest it is applied.
With --results logs (no volume):
  kubectl logs -l app.kubernetes.io/instance=checkout,app.kubernetes.io/component=segment --tail=-1 --max-log-requests=100 \\
    | lptf merge --logs - --out merged --format html`,
  );
  cmd.action(async (url: string | undefined, flags: K8sFlags) => {
    const instances = wholeNumber('--instances', flags.instances, 1);
    if (!/^[a-z0-9]([-a-z0-9]{0,40}[a-z0-9])?$/.test(flags.name))
      throw new UsageError(
        `--name: "${flags.name}" is not a Kubernetes name (lower-case letters, digits and dashes, at most 42)`,
      );
    durationFlag('--barrier-timeout', flags.barrierTimeout); // the pods read it again; refused here, before any pod
    if (flags.lptf && flags.package) throw new UsageError('--lptf and --package: give one');
    // Both go into the pods' shell command: words only, nothing a shell would read as more.
    if (flags.package !== undefined && !/^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(@[\w.^~<>=*+-]+)?$/i.test(flags.package))
      throw new UsageError(
        `--package: "${flags.package}" is not an npm package spec (lptf, lptf@0.1.0, @scope/lptf@^0.1)`,
      );
    if (flags.lptf !== undefined && !/^[\w@./:=+-]+( [\w@./:=+-]+)*$/.test(flags.lptf))
      throw new UsageError(
        `--lptf: "${flags.lptf}" must be a command and its arguments (letters, digits, @ . / : = + -), nothing a shell would read as more`,
      );
    const command = flags.lptf ?? (flags.package ? `npx -y ${flags.package}` : undefined);
    const single = command ? undefined : singleFileBuild();
    if (!command && !single)
      throw new UsageError(
        'the single-file build (dist/lptf.mjs) is not here: run npm run bundle, or give --lptf or --package',
      );
    const layers = await planLayers(url, flags);
    const { resolvePlan } = await import('../load/plan/index.js');
    const resolved = await resolvePlan(layers); // every problem of the plan now, not in the pods
    const { k8sManifests, manifestsYaml } = await import('../load/k8s/index.js');
    const objects = await k8sManifests(layers, resolved, {
      instances,
      name: flags.name,
      ...(flags.namespace ? { namespace: flags.namespace } : {}),
      ...(flags.image ? { image: flags.image } : {}),
      lptf: command ? { command } : { singleFile: await readFile(single as string, 'utf8') },
      results: flags.results,
      barrierTimeout: flags.barrierTimeout,
    });
    const yaml = await manifestsYaml(objects);
    if (flags.manifest) {
      await writeFile(flags.manifest, yaml);
      process.stderr.write(`lptf: wrote ${flags.manifest}: ${instances} segments, results in ${flags.results}\n`);
    } else process.stdout.write(yaml);
  });
  return cmd;
}
