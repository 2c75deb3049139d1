// The dependency rule of ARCHITECTURE.md, checked on every `npm test`: imports between files of
// src/ (static, dynamic and type-only alike) form no cycle, and point only down the layers below.
// TypeScript's own pre-processor finds the imports, so no comment or string can fool it.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/**
 * The layers, lowest first. A file may import from its own layer and from those listed for it.
 * Inside `core` and `load` the folders are ranked too (a folder imports only lower ones), so the
 * engine's parts stay a stack rather than a web.
 */
const LAYERS = {
  core: [],
  render: ['core'],
  output: ['core', 'render'],
  timing: ['core', 'render', 'output'],
  bench: ['core', 'render', 'output'],
  load: ['core', 'render', 'output'],
  widget: ['core', 'render', 'output', 'load', 'timing'],
  cli: ['core', 'render', 'output', 'timing', 'bench', 'load', 'widget', '(top)'],
  '(top)': ['core', 'render', 'output', 'timing', 'bench', 'load', 'widget'],
};
const RANKS = {
  core: [
    'said.ts',
    'errors',
    'package-files.ts',
    'single-file.ts',
    'modules',
    'version.ts',
    'registry.ts',
    'units',
    'redact',
    'server-timing',
    'cases',
    'template',
    'schedule',
    'transport',
    'watch',
    'recorder',
    'checks',
    'run',
  ],
  load: [
    'fields',
    'protocol',
    'script',
    'plan',
    'result',
    'report',
    'progress',
    'metrics',
    'dashboard',
    'run',
    'compare',
    'merge',
    'import',
    'coordinate',
    'k8s',
    'capacity',
  ],
};

const SRC = resolve(process.argv[2] ?? 'src');
const isTest = (f) => /\.(test|fixture)\.ts$/.test(f);

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? walk(p) : /\.(ts|mts)$/.test(e.name) ? [p] : [];
  });
}

const files = walk(SRC);
const known = new Set(files);
/** `core/run/load-run.ts` → ['core', 'run'] */
const place = (file) => {
  const parts = relative(SRC, file).split('/');
  return parts.length === 1 ? ['(top)', parts[0]] : [parts[0], parts[1]];
};

const graph = new Map();
const problems = [];
for (const file of files) {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  const targets = [];
  for (const ref of info.importedFiles) {
    if (!ref.fileName.startsWith('.')) continue;
    const base = resolve(dirname(file), ref.fileName);
    const target = [base, base.replace(/\.js$/, '.ts'), base.replace(/\.mjs$/, '.mts')].find((c) => known.has(c));
    // A test may use the project's helpers and examples outside src/.
    if (!target && isTest(file) && !base.startsWith(SRC)) continue;
    if (!target) {
      problems.push(`${relative(SRC, file)}: imports "${ref.fileName}", which is no file of src/`);
      continue;
    }
    targets.push(target);
    if (isTest(file)) continue;
    const [fromLayer, fromPart] = place(file);
    const [toLayer, toPart] = place(target);
    const allowed = LAYERS[fromLayer];
    if (!allowed) problems.push(`${relative(SRC, file)}: layer "${fromLayer}" is not in ARCHITECTURE.md's list`);
    else if (fromLayer !== toLayer && !allowed.includes(toLayer)) {
      problems.push(`${relative(SRC, file)} → ${relative(SRC, target)}: ${fromLayer} may not import ${toLayer}`);
    } else if (fromLayer === toLayer && RANKS[fromLayer] && fromPart !== toPart) {
      const rank = (p) => RANKS[fromLayer].indexOf(p);
      if (rank(fromPart) < 0 || rank(toPart) < 0)
        problems.push(`${relative(SRC, file)}: ${fromLayer}/${rank(fromPart) < 0 ? fromPart : toPart} has no rank`);
      else if (rank(toPart) > rank(fromPart))
        problems.push(
          `${relative(SRC, file)} → ${relative(SRC, target)}: ${fromLayer}/${fromPart} may not import ${fromLayer}/${toPart} (above it)`,
        );
    }
    if (isTest(target))
      problems.push(`${relative(SRC, file)} → ${relative(SRC, target)}: code may not import a test or fixture`);
  }
  graph.set(file, targets);
}

// Cycles: Tarjan's strongly connected components; any component of more than one file is a cycle.
let index = 0;
const stack = [];
const meta = new Map();
const cycles = [];
function connect(v) {
  const m = { index, low: index, on: true };
  index++;
  meta.set(v, m);
  stack.push(v);
  for (const w of graph.get(v) ?? []) {
    const mw = meta.get(w);
    if (!mw) {
      connect(w);
      m.low = Math.min(m.low, meta.get(w).low);
    } else if (mw.on) m.low = Math.min(m.low, mw.index);
  }
  if (m.low === m.index) {
    const component = [];
    let w;
    do {
      w = stack.pop();
      meta.get(w).on = false;
      component.push(relative(SRC, w));
    } while (w !== v);
    if (component.length > 1) cycles.push(component.sort());
  }
}
for (const f of files) if (!meta.has(f)) connect(f);
for (const c of cycles) problems.push(`import cycle of ${c.length} files: ${c.join(', ')}`);

if (problems.length > 0) {
  process.stderr.write(`check-layers: ${problems.length} problem(s)\n${problems.map((p) => `  ${p}`).join('\n')}\n`);
  process.exit(1);
}
process.stdout.write(
  `check-layers: ${files.length} files, ${[...graph.values()].reduce((n, t) => n + t.length, 0)} imports, no cycle, every arrow points down\n`,
);
