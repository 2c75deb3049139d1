// test-lane: untimed
// One language (issue 33): a run in Chinese shows Chinese everywhere, and one in English shows
// English: what it prints as it runs, its reports in every format, its submission pack and its live
// dashboard. A text fails on a phrase of the other script; names and data (URLs, paths, flags,
// checks as written, group names, the machine's CPU) are allowed.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CLI, lptf } from './helpers/cli.js';

/** The visible text of a page: no script, no style, no tags. */
function visible(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]+>/g, '\n')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Names and data a text of either language holds as they are. */
function withoutNames(text: string, data: readonly string[]): string {
  let t = text;
  for (const d of data) t = t.split(d).join(' ');
  return t
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/(?:^|\s)\/\S+/g, ' ')
    .replace(/--[\w-]+(?: [^\s-]\S*)?/g, ' ')
    .replace(/\b[\w_]+\([^)]*\)(?:\{[^}]*\})?(?:\s*[<>]=?\s*\S+)?/g, ' ')
    .replace(/\b\w+_\w+\b/g, ' ');
}

/** Phrases of three English words or more: what a Chinese text must not hold. */
function englishPhrases(text: string, data: readonly string[]): string[] {
  return [...withoutNames(text, data).matchAll(/\b[A-Za-z]{2,}(?:[ ,]+[A-Za-z]{2,}){2,}\b/g)].map((m) => m[0]);
}

/** Lines with a Chinese character: what an English text must not hold. */
function chineseLines(text: string, data: readonly string[]): string[] {
  return withoutNames(text, data)
    .split('\n')
    .filter((l) => /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/.test(l))
    .map((l) => l.trim());
}

/** A 2 s demo run in `lang` with every report format, its pack and its dashboard page read while it runs. */
async function demoIn(lang: 'zh' | 'en'): Promise<{ texts: Record<string, string>; out: string; data: string[] }> {
  const cwd = await mkdtemp(join(tmpdir(), `lptf-lang-${lang}-`));
  const out = join(cwd, 'out');
  const child = spawn(
    process.execPath,
    [
      CLI,
      'demo',
      '--duration',
      '2s',
      '--rate',
      '20',
      '--lang',
      lang,
      '--out',
      out,
      '--format',
      'all',
      '--dashboard',
      '0',
    ],
    { cwd, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c));
  const page = new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (c: Buffer) => {
      stderr += c;
      const url = /(?:live dashboard at |实时看板：)(http:\/\/\S+)/.exec(stderr)?.[1];
      if (url) fetch(url).then((r) => r.text().then(resolve), reject);
    });
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.ok(code === 0 || code === 1 || code === 3, `${code}: ${stderr}`);
  const dashboard = await Promise.race([page, new Promise<string>((r) => setTimeout(() => r(''), 1000))]);
  assert.ok(dashboard.includes('<html'), 'the dashboard page was read while the run went');
  const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'));
  const texts: Record<string, string> = { stdout, stderr, 'dashboard page': visible(dashboard) };
  for (const f of ['report.txt', 'report.md', 'junit.xml', 'pack/submission.txt', 'pack/submission.md'])
    texts[f] = await readFile(join(out, f), 'utf8');
  for (const f of ['report.html', 'pack/submission.html']) texts[f] = visible(await readFile(join(out, f), 'utf8'));
  // Data: the machine's CPU as the OS names it, and the demo's credentials.
  return { texts, out, data: [summary.meta.machine?.cpu ?? '', 'LptfDemoEncodingAESKey0123456789abcdefghijk'] };
}

test('a zh run says everything in Chinese: as it runs, in every report, its pack and its dashboard', async () => {
  const { texts, out, data } = await demoIn('zh');
  for (const [name, text] of Object.entries(texts))
    assert.deepEqual(englishPhrases(text, data), [], `${name}:\n${text}`);
  // The same run re-rendered in English is English throughout.
  const en = await lptf(['report', out, '--lang', 'en', '--format', 'text']);
  assert.deepEqual(chineseLines(en.stdout, data), [], en.stdout);
});

test('an en run says everything in English, the widget pack included', async () => {
  const { texts, out, data } = await demoIn('en');
  for (const [name, text] of Object.entries(texts)) assert.deepEqual(chineseLines(text, data), [], `${name}:\n${text}`);
  const zh = await lptf(['report', out, '--lang', 'zh', '--format', 'md']);
  assert.deepEqual(englishPhrases(zh.stdout, data), [], zh.stdout);
});

test('the detectors catch what they are for', () => {
  assert.deepEqual(englishPhrases('校验点 share(<=170ms) >= 95% 通过；Ctrl-C stops and still reports', []), [
    'stops and still reports',
  ]);
  assert.deepEqual(englishPhrases('lptf: POST http://127.0.0.1:1/widget，速率 20/s --rate 20', []), []);
  assert.deepEqual(chineseLines('ok\n草稿 here\nhttp://x/中', []), ['草稿 here']);
});
