import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { Command } from 'commander';
import { InvalidInputError, UsageError } from '../core/errors/index.js';
import { makeFolder, writeFileAtomic } from '../output/index.js';

/** A file a starter writes: where, and its text. */
interface StarterFile {
  readonly path: string;
  readonly text: string;
}

/** The HTTP starter's load file: a scenario with a check on each answer, stages, and checks on the whole. */
function loadFile(url: URL): string {
  const base = `${url.protocol}//${url.host}`;
  const path = `${url.pathname}${url.search}` || '/';
  return `// load.ts: a first load test, written by lptf init. Run it: npx lptf run load.ts
// Another target without editing it: LPTF_URL=http://host:port npx lptf run load.ts
// Every field: npx lptf run --help; the guide: https://www.npmjs.com/package/lptf
import { loadTest } from 'lptf/load';

export default loadTest({
  url: '${base}',
  // The arrival rate over time (an open model: arrivals do not wait for answers): up to 20/s in
  // 3 s, then 20/s for 7 s in the stage named steady.
  stages: ['3s:20', '7s:20:steady'],
  // Pass or fail, judged on the steady stage; the exit code says which (0 pass, 1 fail).
  checks: ['p(95){stage:steady} <= 500ms', 'error_rate <= 1%'],
  scenarios: {
    home: {
      request: { path: '${path.replaceAll("'", "\\'")}' },
      // A check on each answer: true, or why it is wrong (counted as check_failed).
      check: (res) => res.text.length > 0 || 'an empty answer',
    },
  },
});
`;
}

/** A tsconfig that type-checks the load file against the lptf it imports (npx tsc). */
const TSCONFIG = `${JSON.stringify(
  {
    compilerOptions: {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      noEmit: true,
      skipLibCheck: true,
    },
    include: ['*.ts'],
  },
  null,
  2,
)}\n`;

/** The widget starter's config: the seed's self-test, its cases, the credentials left to the environment. */
function widgetConfig(url: URL): string {
  return `# lptf.config.yaml: the WeChat widget self-test (200 QPS for 30 minutes, >= 95% within 170 ms,
# <= 1% over 870 ms), written by lptf init --widget. Run it: npx lptf run --config lptf.config.yaml
# The widget's credentials stay out of this file, in the environment:
#   LPTF_WX_TOKEN, LPTF_WX_AES_KEY, LPTF_WX_APPID, LPTF_WX_GH_ID (as set on the mini program)
url: ${url.href}
preset: wechat-widget
cases:
  normal: cases/normal.jsonl      # made from schema.yaml: npx lptf cases gen --schema schema.yaml --out cases
  abnormal: cases/abnormal.jsonl
out: results                      # the reports and the submission pack (results/pack)
overwrite: true                   # each run replaces the last
formats: [html]
`;
}

/** The widget starter's slot schema: the seed's stock query, its whitelist in a file beside it. */
const WIDGET_SCHEMA = `# schema.yaml: what queries the service accepts (npx lptf cases gen --help). The seed's stock
# query: a whitelisted HK stock code, and the market, which may be left out. Edit it to your
# service's types, modes and slots; rules between slots are allowed (order, pairs, when).
types:
  - type: 1
    name: stock
    modes:
      - name: quote
        slots:
          - { key: stock_code, kind: enum, file: stock-codes.txt }
          - { key: stock_market, kind: enum, values: [hk], required: false }
`;

/** The package.json script the starter adds, by its name. */
function scriptOf(widget: boolean): [string, string] {
  return widget ? ['selftest', 'lptf run --config lptf.config.yaml'] : ['loadtest', 'lptf run load.ts'];
}

/**
 * The files of a starter: a load file, or the widget self-test's config, schema and cases; a
 * tsconfig; a package.json (with the script added, if one is there); a .gitignore (with results/
 * added, if one is there).
 */
async function starterFiles(dir: string, widget: boolean, url: URL): Promise<StarterFile[]> {
  const files: StarterFile[] = [];
  if (widget) {
    const { generateCases, loadSchema } = await import('../widget/casegen/index.js');
    const { hkStockCodes } = await import('../widget/demo/index.js');
    const codes = hkStockCodes(300);
    files.push(
      { path: 'schema.yaml', text: WIDGET_SCHEMA },
      { path: 'stock-codes.txt', text: `${codes.join('\n')}\n` },
    );
    // Generated from the very schema written, as lptf cases gen would: 300 normal, 33 abnormal.
    const scratch = await mkdtemp(join(tmpdir(), 'lptf-init-'));
    try {
      await writeFileAtomic(join(scratch, 'schema.yaml'), WIDGET_SCHEMA);
      await writeFileAtomic(join(scratch, 'stock-codes.txt'), `${codes.join('\n')}\n`);
      const schema = await loadSchema(join(scratch, 'schema.yaml'));
      const g = generateCases(schema, { count: 333, abnormalShare: 0.1, seed: 1, today: new Date() });
      files.push(
        { path: 'cases/normal.jsonl', text: `${g.normal.join('\n')}\n` },
        { path: 'cases/abnormal.jsonl', text: `${g.abnormal.map((a) => a.line).join('\n')}\n` },
      );
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
    files.push({ path: 'lptf.config.yaml', text: widgetConfig(url) });
  } else {
    files.push({ path: 'load.ts', text: loadFile(url) }, { path: 'tsconfig.json', text: TSCONFIG });
  }
  const [name, command] = scriptOf(widget);
  const pkgPath = join(dir, 'package.json');
  if (existsSync(pkgPath)) {
    let pkg: { scripts?: Record<string, string> };
    try {
      pkg = JSON.parse(await readFile(pkgPath, 'utf8')) as typeof pkg;
    } catch (err) {
      throw new InvalidInputError([{ where: pkgPath, message: `not readable JSON: ${(err as Error).message}` }]);
    }
    if (pkg.scripts?.[name] !== undefined && pkg.scripts[name] !== command)
      throw new InvalidInputError([
        { where: `${pkgPath}: scripts.${name}`, message: `already "${pkg.scripts[name]}": lptf init replaces nothing` },
      ]);
    files.push({
      path: 'package.json',
      text: `${JSON.stringify({ ...pkg, scripts: { ...pkg.scripts, [name]: command } }, null, 2)}\n`,
    });
  } else {
    files.push({
      path: 'package.json',
      text: `${JSON.stringify(
        {
          name:
            basename(resolve(dir))
              .toLowerCase()
              .replace(/[^a-z0-9._-]/g, '-') || 'load-test',
          private: true,
          type: 'module',
          scripts: { [name]: command },
        },
        null,
        2,
      )}\n`,
    });
  }
  const ignore = join(dir, '.gitignore');
  const ignored = existsSync(ignore) ? await readFile(ignore, 'utf8') : '';
  if (!/^\/?results\/?$/m.test(ignored))
    files.push({ path: '.gitignore', text: `${ignored}${ignored && !ignored.endsWith('\n') ? '\n' : ''}results/\n` });
  return files;
}

/**
 * The `lptf init [dir]` command: writes a working starter, then prints the one command that runs
 * it. It replaces nothing: a file it would write that is there already is refused, by name
 * (package.json and .gitignore are added to, not replaced).
 *
 * @example
 * ```ts
 * program.addCommand(initCommand())
 * ```
 */
export function initCommand(): Command {
  return new Command('init')
    .description(
      'write a starter: a load file with a scenario, a check and stages, its tsconfig and package.json script (--widget: the WeChat self-test: config, schema, cases)',
    )
    .argument('[dir]', 'where to write it (made if missing)', '.')
    .option('--widget', 'the WeChat widget self-test starter: lptf.config.yaml, schema.yaml and its cases')
    .option('--url <url>', 'the target the starter names', undefined)
    .addHelpText('after', '\nExit codes: 0 written, 2 a file is there already (nothing is written), or a bad --url.')
    .action(async (dir: string, flags: { widget?: boolean; url?: string }) => {
      const widget = flags.widget === true;
      let url: URL;
      try {
        url = new URL(flags.url ?? (widget ? 'http://127.0.0.1:8080/widget' : 'http://127.0.0.1:8080/'));
      } catch {
        throw new UsageError(`--url: "${flags.url}" is not a URL (http://host:port/path)`);
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:')
        throw new UsageError(`--url: ${url.protocol} is not http: or https:`);
      // What init writes is meant to be committed: a credential stays in the environment.
      if (url.username || url.password)
        throw new UsageError(
          '--url: a URL with a user or a password would be written into the starter; give the URL without it, and the credentials at run time (LPTF_URL)',
        );
      await makeFolder(dir);
      const files = await starterFiles(dir, widget, url);
      const taken = files.filter(
        (f) => f.path !== 'package.json' && f.path !== '.gitignore' && existsSync(join(dir, f.path)),
      );
      if (taken.length > 0)
        throw new InvalidInputError(
          taken.map((f) => ({
            where: join(dir, f.path),
            message: 'is there already: lptf init replaces nothing (nothing was written)',
          })),
        );
      for (const f of files) {
        await makeFolder(join(dir, f.path, '..'));
        await writeFileAtomic(join(dir, f.path), f.text);
      }
      // The folder as the user named it.
      const where = resolve(dir) === process.cwd() ? '' : dir;
      const cd = where === '' ? '' : `cd ${/^[\w./-]+$/.test(where) ? where : JSON.stringify(where)} && `;
      const lines = [
        `lptf: wrote ${files.map((f) => f.path).join(', ')}${where ? ` in ${where}` : ''}`,
        '',
        widget
          ? "Set the widget's credentials (as on the mini program), then run the self-test:"
          : `Run it against ${url.href} (npm install --save-dev lptf keeps the version):`,
        ...(widget ? ['  export LPTF_WX_TOKEN=… LPTF_WX_AES_KEY=… LPTF_WX_APPID=wx… LPTF_WX_GH_ID=gh_…'] : []),
        `  ${cd}npx lptf run ${widget ? '--config lptf.config.yaml' : 'load.ts'}`,
        ...(widget ? ['Try it first against the sample backend: npx lptf demo --serve'] : []),
        '',
      ];
      process.stdout.write(lines.join('\n'));
    });
}
