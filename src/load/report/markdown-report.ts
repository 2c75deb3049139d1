import { sectionsToMarkdown } from '../../render/render-sections.js';
import { codeBlockSafe, markdownSafe } from '../../render/safe-text.js';
import type { RunResult } from '../result/index.js';
import { headline, runSections, verdictLine } from './sections.js';

/**
 * Renders a run as Markdown, ready to paste into a form, an issue or a PR.
 *
 * @example
 * ```ts
 * await writeFile('report.md', markdownReport(result))
 * ```
 */
export function markdownReport(result: RunResult): string {
  const m = result.meta;
  const where = `lptf ${result.tool.version}, Node ${m.node}, ${m.platform}/${m.arch}`;
  const out: string[] = [
    m.lang === 'zh' ? '# lptf 压测报告' : '# lptf report',
    '',
    `${markdownSafe(headline(result))}  `,
    m.lang === 'zh'
      ? `开始于 ${result.startedAt}，运行 ${result.elapsedSec}s；${where}，${m.cpus} 个 CPU。`
      : `Started ${result.startedAt}, ran ${result.elapsedSec}s; ${where}, ${m.cpus} CPUs.`,
    '',
  ];
  out.push(...sectionsToMarkdown(runSections(result)));
  out.push(`**${markdownSafe(verdictLine(result))}**`, '');
  // In a code block HTML is not rendered; only a fence could end the block early.
  if (result.meta.command) out.push('```', codeBlockSafe(result.meta.command), '```', '');
  return out.join('\n');
}
