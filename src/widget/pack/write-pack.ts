import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseCases } from '../../core/cases/index.js';
import { InvalidInputError, type Problem } from '../../core/errors/index.js';
import type { RunResult } from '../../load/result/index.js';
import { makeFolder, writeFileAtomic } from '../../output/index.js';
import { escapeHtml, htmlPage, htmlSection, sectionsToMarkdown, sectionsToText } from '../../render/index.js';
import { MAX_CASES } from '../casegen/generate.js';
import { qualification, qualificationSection } from '../protocol/qualification.js';
import { WIDGET_PROTOCOL } from '../protocol/use-widget.js';
import { type PackedCases, packSections } from './pack-sections.js';
import { type Proposal, proposalSection } from './proposal.js';

/**
 * Writes the submission pack of a widget self-test into `dir`: exactly what the form asks for.
 * `cases/<group>.jsonl` (the case files as run, checked), and `submission.md`, `.txt` and `.html`
 * (提交条件 first, then 自测用例, 自测结果, 压测时间 && 压测服务器); a run that does not meet the
 * seed's conditions gets a pack marked {@link DRAFT_MARK} on every page. Refuses, naming each problem, a run that was
 * interrupted, that did not speak the widget protocol, or whose case files are missing, changed
 * since, or more than 3000. Relative case paths are read from `cwd`, where the run started. A
 * `proposal` (the window and production servers for WeChat's own test) adds its section last.
 *
 * @example
 * ```ts
 * const { files } = await writeWidgetPack(result, 'results/pack') // ['results/pack/cases/normal.jsonl', …]
 * ```
 */
export async function writeWidgetPack(
  result: RunResult,
  dir: string,
  options: { readonly cwd?: string; readonly proposal?: Proposal } = {},
): Promise<WidgetPack> {
  const cwd = options.cwd ?? process.cwd();
  const where = 'summary.json';
  const problems: Problem[] = [];
  if (result.interrupted) {
    problems.push({
      where,
      message: `the run was interrupted after ${result.elapsedSec}s: a self-test result must cover the whole run`,
    });
  }
  if (result.target.protocol !== WIDGET_PROTOCOL) {
    problems.push({
      where,
      message: `not a widget self-test: it spoke ${result.target.protocol ?? 'http'}, not ${WIDGET_PROTOCOL}`,
    });
  }
  if (result.target.cases.length === 0) problems.push({ where, message: 'the run sent no case files' });
  const sources = await Promise.all(
    result.target.cases.map(async (c) => {
      const path = resolve(cwd, c.file);
      let text = '';
      try {
        text = await readFile(path, 'utf8');
        // Counted as the run read it: the same parser, so blank lines and a BOM count alike.
        const parsed = parseCases(text, c.group, path);
        const count = parsed.cases.length;
        if (count !== c.count || parsed.problems.length > 0)
          problems.push({
            where: path,
            message: `has ${count} valid cases, the run sent ${c.count}: it changed since the run`,
          });
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        problems.push({
          where: path,
          message: `${code === 'ENOENT' ? 'no such file' : code}: run lptf widget pack where the run was started, with its case files in place`,
        });
      }
      return { ...c, path, text };
    }),
  );
  const total = sources.reduce((n, c) => n + c.count, 0);
  if (total > MAX_CASES)
    problems.push({ where, message: `${total} cases: the self-test form accepts at most ${MAX_CASES}` });
  if (problems.length > 0) throw new InvalidInputError(problems);

  await makeFolder(join(dir, 'cases'));
  const packed: PackedCases[] = [];
  const files: string[] = [];
  const names = new Set<string>();
  for (const c of sources) {
    // One file per group; two files of one group keep both.
    let name = `${c.group.replace(/[^\w.-]/g, '_')}.jsonl`;
    for (let i = 2; names.has(name); i++) name = `${c.group.replace(/[^\w.-]/g, '_')}-${i}.jsonl`;
    names.add(name);
    // The text checked above, written whole or not at all.
    await writeFileAtomic(join(dir, 'cases', name), c.text);
    files.push(join(dir, 'cases', name));
    packed.push({ group: c.group, file: `cases/${name}`, count: c.count });
  }
  // First, whether this is the self-test result the seed asks for; a run that is not makes a draft, said on every page.
  const { qualifies, rows } = qualification(result);
  const lang = result.meta.lang;
  const proposed = options.proposal ? proposalSection(options.proposal, lang) : undefined;
  const sections = [
    qualificationSection(result, lang),
    ...packSections(result, packed),
    ...(proposed ? [proposed] : []),
  ];
  const title =
    lang === 'zh'
      ? `${qualifies ? '' : `${DRAFT_MARK.zh}：`}WeChat 搜一搜小程序后台性能测试：自测用例、自测结果、压测时间与服务器`
      : `${qualifies ? '' : `${DRAFT_MARK.en}: `}WeChat search widget backend performance test: self-test cases, result, window and servers`;
  const text = `${title}\n\n${sectionsToText(sections).join('\n')}`;
  const md = `# ${title}\n\n${sectionsToMarkdown(sections).join('\n')}`;
  const html = htmlPage({
    title,
    lang,
    body: `<header><h1>${escapeHtml(title)}</h1></header>\n<main>\n${sections.map((s) => htmlSection(s)).join('\n')}\n</main>`,
    data: {},
  });
  for (const [name, content] of [
    ['submission.txt', text],
    ['submission.md', md],
    ['submission.html', html],
  ] as const) {
    await writeFileAtomic(join(dir, name), content);
    files.push(join(dir, name));
  }
  return { files, qualifies, unmet: rows.filter((r) => !r.pass).map((r) => r.condition) };
}

/** How a pack of a run that does not meet the seed's conditions is marked, on every page, in its language. */
export const DRAFT_MARK = {
  zh: '草稿（不满足提交条件）',
  en: 'DRAFT (does not meet the submission conditions)',
} as const;

/**
 * What lptf says on stderr of a pack that is a draft, and why, in the run's language.
 *
 * @example
 * ```ts
 * draftSaid(['rate', 'duration'], 'en') // "a draft (marked DRAFT (…) on every page): … (rate, duration)"
 * ```
 */
export function draftSaid(unmet: readonly { readonly en: string; readonly zh: string }[], lang: 'zh' | 'en'): string {
  return lang === 'zh'
    ? `草稿（每一页都标有“${DRAFT_MARK.zh}”）：本次压测不满足种子页面的提交条件（${unmet.map((u) => u.zh).join('、')}）`
    : `a draft (marked ${DRAFT_MARK.en} on every page): this run does not meet the seed's submission conditions (${unmet.map((u) => u.en).join(', ')})`;
}

/**
 * A pack written: its files, and whether the run meets the seed's conditions (else the pack is a
 * draft, marked so on every page) and which it does not.
 *
 * @example
 * ```ts
 * const { files, qualifies } = await writeWidgetPack(result, 'results/pack')
 * ```
 */
export interface WidgetPack {
  readonly files: string[];
  readonly qualifies: boolean;
  /** The conditions not met, in both languages (for what lptf says on stderr). */
  readonly unmet: readonly { readonly en: string; readonly zh: string }[];
}
