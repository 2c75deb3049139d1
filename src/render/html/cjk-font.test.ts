import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cspHash, pageAssets } from './assets.js';
import { htmlPage } from './html-page.js';

const root = new URL('../../../', import.meta.url).pathname;
const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]/gu;

/** The Chinese a page can show as lptf's own words: in the code (not its tests) and the page scripts. */
function ownChinese(): Set<string> {
  const chars = new Set<string>();
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (/\.(ts|js)$/.test(e.name) && !/\.(test|fixture)\.ts$/.test(e.name))
        for (const ch of readFileSync(path, 'utf8').match(CJK) ?? []) chars.add(ch);
    }
  };
  walk(join(root, 'src'));
  walk(join(root, 'assets'));
  return chars;
}

test('the inlined CJK font covers every Chinese character of lptf’s own words (else: npm run font)', () => {
  const script = pageAssets().cjkFontJs;
  const listed = new Set(/subset to these characters: (\S+)\n/u.exec(script)?.[1] ?? '');
  const missing = [...ownChinese()].filter((ch) => !listed.has(ch));
  assert.deepEqual(missing, [], `run npm run font: ${missing.join('')} not in assets/cjk-font.js`);
});

test('a page in Chinese adds the font in its head, allowed by its hash; a page in English without Chinese does not', () => {
  const font = pageAssets().cjkFontJs;
  const zh = htmlPage({ title: 't', lang: 'zh', body: '<p>x</p>', data: {} });
  assert.ok(zh.indexOf(`<script>${font}</script>`) < zh.indexOf('<body>'));
  assert.ok(zh.includes(cspHash(font).slice(1, -1)), 'its hash in the Content-Security-Policy');
  const en = htmlPage({ title: 't', lang: 'en', body: '<p>x</p>', data: {} });
  assert.ok(!en.includes("new FontFace('lptf-cjk'"));
  // A group named in Chinese is Chinese on the page, whatever its language.
  const named = htmlPage({ title: 't', lang: 'en', body: '<p>x</p>', data: { groups: ['正常'] } });
  assert.ok(named.includes("new FontFace('lptf-cjk'"));
});
