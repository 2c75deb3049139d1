import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PhaseStats } from '../../core/recorder/index.js';
import { phaseSection } from './phase-section.js';

test('a server that claims db;dur=5000 on a 12 ms answer: the table leaves it out and says so, in both languages (hostile R18)', () => {
  const stats = new PhaseStats(null);
  for (let i = 0; i < 9; i++) stats.record('db;dur=5, cache;dur=4', 12);
  stats.record('db;dur=5000', 12);
  const summary = stats.summary();
  const en = phaseSection(summary, 'en');
  const zh = phaseSection(summary, 'zh');
  assert.ok(en && zh);
  assert.ok(
    en.lines?.some(
      (l) =>
        l.startsWith('1 answer(s) carried a Server-Timing that cannot be true') && l.includes('db;dur=5000 on a 12'),
    ),
    en.lines?.join('\n'),
  );
  assert.ok(
    zh.lines?.some((l) => l.includes('不可能为真') && l.includes('db;dur=5000')),
    zh.lines?.join('\n'),
  );
  const shares = en.table?.rows.map((r) => r[6]) ?? [];
  for (const s of shares) assert.ok(!s || s === 'n/a' || Number.parseFloat(s) <= 100, `a share of ${s}`);
  assert.ok(!en.lines?.some((l) => l.includes('side by side')), 'no overlap here');
});
