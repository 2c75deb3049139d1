import { readFileSync, statSync } from 'node:fs';
import type { Problem } from '../../core/errors/index.js';
import type { Section } from '../../render/section.js';
import { SEED_DURATION_SEC } from '../protocol/qualification.js';

/** The most lines, and characters a line, a list of production servers may have. */
const MAX_SERVERS = 50;
const MAX_SERVER_LINE = 200;

/**
 * What the developer proposes for WeChat's own test of the production servers (the form's
 * 压测时间 && 压测服务器 is also that): a window, and the servers.
 *
 * @example
 * ```ts
 * const p: Proposal = { window: { start: '2026-12-10T14:00:00+08:00', end: '2026-12-10T14:30:00+08:00' }, servers: ['10.0.0.1 8C16G'] }
 * ```
 */
export interface Proposal {
  readonly window?: { readonly start: string; readonly end: string };
  readonly servers?: readonly string[];
}

/**
 * Reads `--window "<start>/<end>"` (ISO 8601 times with their offset) and `--servers <file|text>`
 * (a file of one server a line, or the text itself, `;` between servers), checked: a window in the
 * future of at least 30 minutes (the seed's test lasts that long), at most 50 servers of 200
 * characters each. Every problem is returned, named by its flag.
 *
 * @example
 * ```ts
 * readProposal({ window: '2026-12-10T14:00+08:00/2026-12-10T14:40+08:00', servers: 'api-1 8C16G; api-2 8C16G' })
 * ```
 */
export function readProposal(
  flags: { readonly window?: string; readonly servers?: string },
  nowMs = Date.now(),
): { proposal: Proposal; problems: Problem[] } {
  const problems: Problem[] = [];
  let window: Proposal['window'];
  if (flags.window !== undefined) {
    const [start = '', end = '', ...more] = flags.window.split('/');
    const startMs = Date.parse(start);
    const endMs = Date.parse(end);
    const zoned = (t: string): boolean => /(?:Z|[+-]\d\d:?\d\d)$/.test(t.trim());
    if (more.length > 0 || Number.isNaN(startMs) || Number.isNaN(endMs))
      problems.push({
        where: '--window',
        message: `"${flags.window}" is not <start>/<end> (e.g. 2026-12-10T14:00+08:00/2026-12-10T14:40+08:00)`,
      });
    else if (!zoned(start) || !zoned(end))
      problems.push({
        where: '--window',
        message: 'give each time its offset (+08:00, or Z): WeChat reads it in its own zone',
      });
    else if (startMs <= nowMs) problems.push({ where: '--window', message: `it starts in the past (${start.trim()})` });
    else if (endMs - startMs < SEED_DURATION_SEC * 1000)
      problems.push({
        where: '--window',
        message: `it lasts ${Math.round((endMs - startMs) / 60_000)} min: WeChat's test takes ${SEED_DURATION_SEC / 60} min, give at least that`,
      });
    else window = { start: start.trim(), end: end.trim() };
  }
  let servers: string[] | undefined;
  if (flags.servers !== undefined) {
    let text = flags.servers;
    let where = '--servers';
    if (isFile(flags.servers)) {
      where = flags.servers;
      text = readFileSync(flags.servers, 'utf8').slice(0, MAX_SERVERS * (MAX_SERVER_LINE + 2) + 1);
    }
    const lines = text
      .split(/\r?\n|;/)
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#'));
    if (lines.length === 0) problems.push({ where, message: 'names no server' });
    if (lines.length > MAX_SERVERS)
      problems.push({ where, message: `${lines.length} servers: at most ${MAX_SERVERS}` });
    lines.forEach((l, i) => {
      if (l.length > MAX_SERVER_LINE)
        problems.push({ where: `${where}:${i + 1}`, message: `${l.length} characters: at most ${MAX_SERVER_LINE}` });
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control bytes are what is refused
      if (/[\u0000-\u001f\u007f]/.test(l))
        problems.push({ where: `${where}:${i + 1}`, message: 'a control character' });
    });
    servers = lines;
  }
  return { proposal: { ...(window ? { window } : {}), ...(servers ? { servers } : {}) }, problems };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The proposal as the pack's section, in the pack's language: the window (with its length) and
 * the production servers.
 *
 * @example
 * ```ts
 * proposalSection({ servers: ['api-1 8C16G'] }, 'zh')?.title // '微信压测：建议的压测时间与生产服务器'
 * ```
 */
export function proposalSection(p: Proposal, lang: 'zh' | 'en'): Section | undefined {
  if (!p.window && !p.servers) return undefined;
  const minutes = p.window ? Math.round((Date.parse(p.window.end) - Date.parse(p.window.start)) / 60_000) : 0;
  const zh = lang === 'zh';
  return {
    id: 'proposal',
    title: zh ? '微信压测：建议的压测时间与生产服务器' : "WeChat's test: the proposed window and production servers",
    lines: [
      ...(p.window
        ? [
            zh
              ? `建议压测时间：${p.window.start} 至 ${p.window.end}，共 ${minutes} 分钟`
              : `Proposed window: ${p.window.start} to ${p.window.end}, ${minutes} minutes`,
          ]
        : []),
      ...(p.servers
        ? [
            zh ? `生产服务器（${p.servers.length} 台）：` : `Production servers (${p.servers.length}):`,
            ...p.servers.map((s) => `  ${s}`),
          ]
        : []),
    ],
  };
}
