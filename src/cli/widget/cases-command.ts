import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command } from 'commander';
import { InvalidInputError, UsageError } from '../../core/errors/index.js';
import { EXIT } from '../../core/exit-codes.js';
import { makeFolder } from '../../output/index.js';
import { collect } from '../collect.js';
import { wholeNumber } from '../whole-number.js';

const today = (text: string | undefined): Date => {
  if (text === undefined) return new Date();
  const d = new Date(`${text}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(d.getTime()))
    throw new UsageError(`--today must be a date YYYY-MM-DD, got "${text}"`);
  return d;
};

function genCommand(): Command {
  return new Command('gen')
    .description("generate normal and abnormal cases from a slot schema, in the seed's line format")
    .requiredOption('--schema <file>', 'the slot schema (YAML or JSON)')
    .option('-o, --out <dir>', 'where to write normal.jsonl, abnormal.jsonl and abnormal.meta.jsonl', 'cases')
    .option('--count <n>', "all cases, normal and abnormal (the seed's maximum, 3000, is the default)", '3000')
    .option('--abnormal-share <fraction>', 'the share of abnormal cases', '0.1')
    .option('--seed <n>', 'seed, for a reproducible file', '1')
    .option('--today <date>', 'the day dates are relative to (YYYY-MM-DD; default: today)')
    .action(
      async (flags: {
        schema: string;
        out: string;
        count: string;
        abnormalShare: string;
        seed: string;
        today?: string;
      }) => {
        const { generateCases, loadSchema, MAX_CASES } = await import('../../widget/casegen/index.js');
        const count = wholeNumber('--count', flags.count, 1, MAX_CASES);
        const share = Number(flags.abnormalShare);
        if (!(share >= 0 && share <= 1))
          throw new UsageError(`--abnormal-share must be a fraction from 0 to 1, got "${flags.abnormalShare}"`);
        const schema = await loadSchema(flags.schema);
        const g = generateCases(schema, {
          count,
          abnormalShare: share,
          seed: wholeNumber('--seed', flags.seed, 0, 2 ** 31),
          today: today(flags.today),
        });
        await makeFolder(flags.out);
        const lines = (xs: readonly string[]): string => xs.map((x) => `${x}\n`).join('');
        await writeFile(join(flags.out, 'normal.jsonl'), lines(g.normal));
        await writeFile(join(flags.out, 'abnormal.jsonl'), lines(g.abnormal.map((a) => a.line)));
        await writeFile(
          join(flags.out, 'abnormal.meta.jsonl'),
          lines(
            g.abnormal.map((a, i) =>
              JSON.stringify({
                line: i + 1,
                category: a.category,
                type: a.type,
                mode: a.mode,
                ...(a.slot ? { slot: a.slot } : {}),
                ...(a.rule ? { rule: a.rule } : {}),
              }),
            ),
          ),
        );
        const table = (o: Readonly<Record<string, number>>): string =>
          Object.entries(o)
            .map(([k, n]) => `  ${k}: ${n}`)
            .join('\n');
        process.stdout.write(
          `Wrote ${g.normal.length} normal and ${g.abnormal.length} abnormal cases to ${flags.out}/ (normal.jsonl, abnormal.jsonl, abnormal.meta.jsonl)\n` +
            `Normal cases per type/mode:\n${table(g.byMode)}\nAbnormal cases per category:\n${table(g.byCategory)}\n` +
            (g.normal.length + g.abnormal.length < count
              ? `Note: the schema allows only ${g.normal.length + g.abnormal.length} distinct cases of the ${count} asked for.\n`
              : ''),
        );
      },
    );
}

function sampleCommand(): Command {
  return new Command('sample')
    .description('a uniform random sample of a JSONL or CSV file of any size, streamed in constant memory')
    .argument('<file>', 'a JSONL file (one case per line) or a CSV file with a header row (with --csv-type)')
    .option('--count <n>', 'how many lines to keep', '3000')
    .option('--seed <n>', 'seed, for a reproducible sample', '1')
    .option('--csv-type <type>', 'read a CSV file; its rows become cases of this type')
    .option(
      '--column <column=slot>',
      'with --csv-type: a column and the slot it fills, repeatable (default: every column, by its header)',
      collect,
    )
    .option('-o, --out <file>', 'write the sample here (default: stdout)')
    .action(
      async (
        file: string,
        flags: { count: string; seed: string; csvType?: string; column?: string[]; out?: string },
      ) => {
        const { sampleCases } = await import('../../widget/casefile/index.js');
        const columns = flags.column?.map((c) => {
          const m = /^([^=]+)=(.+)$/.exec(c);
          if (!m) throw new UsageError(`--column must be column=slot, got "${c}"`);
          return [m[1] as string, m[2] as string] as const;
        });
        const csv =
          flags.csvType === undefined
            ? undefined
            : {
                type: wholeNumber('--csv-type', flags.csvType, -(2 ** 31), 2 ** 31),
                ...(columns ? { columns: Object.fromEntries(columns) } : {}),
              };
        let result: { lines: string[]; seen: number };
        try {
          result = await sampleCases(file, {
            count: wholeNumber('--count', flags.count, 1, 10_000_000),
            seed: wholeNumber('--seed', flags.seed, 0, 2 ** 31),
            ...(csv ? { csv } : {}),
          });
        } catch (err) {
          if (err instanceof InvalidInputError) throw err;
          const e = err as NodeJS.ErrnoException;
          throw new InvalidInputError([{ where: file, message: e.code === 'ENOENT' ? 'no such file' : e.message }]);
        }
        const text = result.lines.map((l) => `${l}\n`).join('');
        if (flags.out) await writeFile(flags.out, text);
        else process.stdout.write(text);
        process.stderr.write(`lptf: sampled ${result.lines.length} of ${result.seen} lines\n`);
      },
    );
}

function checkCommand(): Command {
  return new Command('check')
    .description("check case files: the seed's format, duplicates, counts per type, and coverage of a schema")
    .argument('<files...>', 'case files (JSONL)')
    .option('--schema <file>', "also report coverage of this schema's modes and whitelist values")
    .option('--abnormal', "the files hold abnormal cases: breaking the seed's shape is expected, not a problem")
    .addHelpText('after', '\nExit codes: 0 clean, 1 problems found, 2 unusable input (a missing file, a bad schema).')
    .action(async (files: string[], flags: { schema?: string; abnormal?: boolean }) => {
      const { checkCaseFile } = await import('../../widget/casefile/index.js');
      const { coverage, loadSchema, MAX_CASES } = await import('../../widget/casegen/index.js');
      const schema = flags.schema ? await loadSchema(flags.schema) : undefined;
      const out: string[] = [];
      let problems = 0;
      const reports = [];
      for (const file of files) {
        let report: Awaited<ReturnType<typeof checkCaseFile>>;
        try {
          report = await checkCaseFile(file, { abnormal: flags.abnormal === true });
        } catch (err) {
          const e = err as NodeJS.ErrnoException;
          throw new InvalidInputError([
            { where: file, message: `cannot read: ${e.code === 'ENOENT' ? 'no such file' : e.message}` },
          ]);
        }
        reports.push(report);
        out.push(
          `${file}: ${report.cases} cases, ${report.blankLines} blank lines; per type ${JSON.stringify(report.byType)}`,
        );
        if (Object.keys(report.offShape).length > 0)
          out.push(`  off the seed's shape on purpose: ${JSON.stringify(report.offShape)}`);
        for (const p of report.problems) out.push(`  ${p.where}: ${p.message}`);
        if (report.problemCount > report.problems.length)
          out.push(`  … and ${report.problemCount - report.problems.length} more problems`);
        for (const [line, first] of report.duplicates.slice(0, 20))
          out.push(`  ${file}:${line}: duplicate of line ${first}`);
        if (report.duplicates.length > 20) out.push(`  … and ${report.duplicates.length - 20} more duplicates`);
        problems += report.problemCount + report.duplicates.length;
      }
      // The form takes at most 3000 cases, normal and abnormal together.
      const total = reports.reduce((n, r) => n + r.cases, 0);
      if (total > MAX_CASES) {
        out.push(
          `${total} cases in all: the self-test form accepts at most ${MAX_CASES}; sample them (lptf cases sample)`,
        );
        problems++;
      }
      if (schema && flags.abnormal) {
        // Abnormal cases break rules on purpose: counted, not problems.
        const c = coverage(schema, reports);
        if (c.ruleBreaks > 0) out.push(`  rules broken on purpose: ${JSON.stringify(c.brokenByRule)}`);
      }
      if (schema && !flags.abnormal) {
        const c = coverage(schema, reports);
        out.push(`Coverage of ${flags.schema}: per type/mode ${JSON.stringify(c.byMode)}`);
        for (const m of c.uncoveredModes) out.push(`  mode ${m}: no case`);
        for (const w of c.whitelists)
          out.push(
            `  ${w.slot}: ${w.used} of ${w.total} whitelist values used${w.missing.length ? ` (never: ${w.missing.join(', ')}${w.total - w.used > w.missing.length ? ', …' : ''})` : ''}`,
          );
        for (const u of c.unmatched) out.push(`  ${u}: fits no mode of the schema`);
        for (const b of c.brokenRules) out.push(`  ${b.where}: breaks the rule ${b.rule}: ${b.why}`);
        if (c.ruleBreaks > c.brokenRules.length)
          out.push(`  … and ${c.ruleBreaks - c.brokenRules.length} more rule breaks`);
        problems += c.uncoveredModes.length + c.unmatched.length + c.ruleBreaks;
      }
      out.push(problems === 0 ? 'OK' : `${problems} problem(s) found`);
      process.stdout.write(`${out.join('\n')}\n`);
      process.exitCode = problems === 0 ? EXIT.pass : EXIT.checkFailed;
    });
}

/**
 * The `lptf cases` commands: `gen`, `sample` and `check`.
 *
 * @example
 * ```ts
 * program.addCommand(casesCommand())
 * ```
 */
export function casesCommand(): Command {
  return new Command('cases')
    .description('make and check self-test cases')
    .addCommand(genCommand())
    .addCommand(sampleCommand())
    .addCommand(checkCommand());
}
