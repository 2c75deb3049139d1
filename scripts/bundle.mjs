// `npm run bundle`: lptf as one file, dist/lptf.mjs, with every dependency and asset inlined, so
// it runs where only Node is (a pod of the stock node image, a machine with no registry). The same
// file is the CLI and, started with a role, each of its threads and child processes
// (src/cli/single-file.ts). esbuild does the bundling; this script only says what to inline.
//
// Minified, the bundle is 1.2 MB: over the 1 MiB a Kubernetes ConfigMap may hold. So the file
// written is a small loader with the bundle brotli-compressed inside (about a third of the size):
// on first run it writes the bundle to a cache folder of the user's own (named by its hash) and
// imports it, having checked it is the bundle (scripts/single-file-launcher.mjs).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import zlib, { brotliCompressSync } from 'node:zlib';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

// Every file packageFile() may be asked for: the package's assets, its name and version, uPlot's.
const files = {
  'package.json': JSON.stringify({ name: pkg.name, version: pkg.version }),
  ...Object.fromEntries(
    readdirSync('assets')
      .filter((f) => /\.(js|css)$/.test(f))
      .map((f) => [`assets/${f}`, readFileSync(join('assets', f), 'utf8')]),
  ),
  ...Object.fromEntries(
    ['uplot/dist/uPlot.iife.min.js', 'uplot/dist/uPlot.min.css'].map((s) => [
      s,
      readFileSync(require.resolve(s), 'utf8'),
    ]),
  ),
};

// What a load file imports from lptf at run time (lptf/load, lptf/widget), each its own small
// module: the single file cannot be imported by the file it is loading (its top level still runs).
for (const [name, entry] of [
  ['public/load.mjs', 'src/load/script/load-test.ts'],
  ['public/widget.mjs', 'src/widget/protocol/use-widget.ts'],
]) {
  const built = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    target: 'node20.18',
    logLevel: 'warning',
  });
  files[name] = built.outputFiles[0].text;
}

const inline = {
  name: 'lptf-inline',
  setup(b) {
    // The package's files, held in the bundle instead of read beside it.
    b.onLoad({ filter: /[\\/]src[\\/]core[\\/]package-files\.ts$/ }, () => ({
      loader: 'ts',
      contents: `const FILES: Record<string, string> = ${JSON.stringify(files)};
export function packageFile(path: string): string {
  const text = FILES[path];
  if (text === undefined) throw new Error(\`the single-file build holds no \${path}\`);
  return text;
}`,
    }));
    // A dependency lptf loads on first use (createRequire(import.meta.url)('undici')) is a plain
    // require() here, which esbuild bundles and still runs on first use.
    b.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('createRequire(import.meta.url)(')) return undefined;
      return { loader: 'ts', contents: text.replaceAll('createRequire(import.meta.url)(', 'require(') };
    });
  },
};

const result = await build({
  entryPoints: ['src/cli/single-file.ts'],
  outfile: 'lptf.mjs',
  write: false,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.18',
  minify: true,
  keepNames: true,
  legalComments: 'eof',
  plugins: [inline],
  // The bundled CommonJS dependencies require() Node's own modules; the file names itself for its roles.
  banner: {
    js: [
      "import { createRequire as __lptfRequire } from 'node:module';",
      'const require = __lptfRequire(import.meta.url);',
      "globalThis.__lptfSingleFile = (await import('node:url')).fileURLToPath(import.meta.url);",
    ].join('\n'),
  },
  logLevel: 'warning',
  metafile: true,
});
const bundle = result.outputFiles[0].contents;
const sha256 = createHash('sha256').update(bundle).digest('hex');
const packed = brotliCompressSync(bundle, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).toString('base64');
// The launcher (scripts/single-file-launcher.mjs) with the bundle's version, hash and bytes in it.
const values = { '%VERSION%': pkg.version, '%SHA256%': sha256, '%BUNDLE%': packed };
const launcher = readFileSync('scripts/single-file-launcher.mjs', 'utf8').replace(
  /%(VERSION|SHA256|BUNDLE)%/g,
  (m) => values[m],
);
writeFileSync(
  'dist/lptf.mjs',
  `#!/usr/bin/env node
// lptf ${pkg.version}, one file (npm run bundle). Licenses of what it holds: at the end of the bundle.
${launcher}`,
  { mode: 0o755 },
);
console.log(
  `dist/lptf.mjs: ${(statSync('dist/lptf.mjs').size / 1024).toFixed(0)} KiB (the bundle, ${(bundle.length / 1024).toFixed(0)} KiB, compressed inside)`,
);
if (process.env.LPTF_BUNDLE_ANALYZE) console.log(await (await import('esbuild')).analyzeMetafile(result.metafile));
