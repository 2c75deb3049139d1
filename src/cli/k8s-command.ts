import { writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import { UsageError } from '../core/errors/index.js';
import { parseDuration } from '../core/units/index.js';
import { TOOL } from '../core/version.js';
import { planCommand, planLayers, type RunFlags } from './run-command.js';
import { wholeNumber } from './whole-number.js';

interface K8sFlags extends RunFlags {
  instances: string;
  name: string;
  namespace?: string;
  image?: string;
  package?: string;
  startIn: string;
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
    .option('--image <image>', 'container image with Node >= 20.18 and npx (default node:24-slim)')
    .option('--package <spec>', `what npx runs in the pods (default lptf@${TOOL.version})`)
    .option(
      '--start-in <time>',
      'every segment starts this long after the manifest is written: apply it before then',
      '2m',
    )
    .option('--manifest <file>', 'write the manifest here instead of stdout');
  cmd.addHelpText(
    'after',
    `
Then:
  lptf k8s http://svc:8080/ --rate 2000 --duration 30m --instances 4 --name checkout --manifest load.yaml
  kubectl apply -f load.yaml        # volume, plan, credentials, the Indexed Job, the merge Job (suspended)
  kubectl wait --for=condition=complete job/checkout --timeout=2h
  kubectl patch job checkout-merge -p '{"spec":{"suspend":false}}'
  kubectl wait --for=condition=complete job/checkout-merge && kubectl logs job/checkout-merge
The merged summary.json, report.md, report.html and junit.xml are in the volume under checkout/merged.`,
  );
  cmd.action(async (url: string | undefined, flags: K8sFlags) => {
    const instances = wholeNumber('--instances', flags.instances, 1);
    if (!/^[a-z0-9]([-a-z0-9]{0,40}[a-z0-9])?$/.test(flags.name))
      throw new UsageError(
        `--name: "${flags.name}" is not a Kubernetes name (lower-case letters, digits and dashes, at most 42)`,
      );
    const startIn = parseDuration(flags.startIn, 's');
    if (startIn === undefined || startIn < 0)
      throw new UsageError(`--start-in: "${flags.startIn}" is not a duration; write e.g. 2m`);
    const layers = await planLayers(url, flags);
    const { resolvePlan } = await import('../load/plan/index.js');
    const resolved = await resolvePlan(layers); // every problem of the plan now, not in the pods
    const { k8sManifests, manifestsYaml } = await import('../load/k8s/index.js');
    const objects = await k8sManifests(layers, resolved, {
      instances,
      name: flags.name,
      ...(flags.namespace ? { namespace: flags.namespace } : {}),
      ...(flags.image ? { image: flags.image } : {}),
      lptfPackage: flags.package ?? `lptf@${TOOL.version}`,
      startAtMs: Date.now() + startIn,
    });
    const yaml = await manifestsYaml(objects);
    if (flags.manifest) {
      await writeFile(flags.manifest, yaml);
      process.stderr.write(
        `lptf: wrote ${flags.manifest}: ${instances} segments starting at ${new Date(Date.now() + startIn).toISOString()}\n`,
      );
    } else process.stdout.write(yaml);
  });
  return cmd;
}
