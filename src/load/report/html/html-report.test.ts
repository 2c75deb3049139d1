import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { cspHash } from '../../../render/html/assets.js';
import { escapeHtml, scriptJson } from '../../../render/html/escape.js';
import { HOSTILE, knownRun } from '../known-run.fixture.js';
import { boundsOf, chartData } from './chart-data.js';
import { htmlReport, LOAD_CHARTS } from './html-report.js';

test('escapeHtml and scriptJson leave nothing that can open a tag or close a script', () => {
  assert.equal(
    escapeHtml(`<a href="x" title='y'>&</a>`),
    '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
  );
  const json = scriptJson({ s: HOSTILE, ls: 'a\u2028b' });
  assert.doesNotMatch(json, /[<>&\u2028\u2029]/);
  assert.deepEqual(JSON.parse(json), { s: HOSTILE, ls: 'a\u2028b' });
});

test('the HTML report escapes every hostile string and allows only its own scripts', async () => {
  const result = await knownRun('en', { hostile: true });
  const html = htmlReport(result);
  // The hostile string reached the report (as a group, an example and the command) but only escaped.
  assert.ok(!html.includes(HOSTILE) && !html.includes('<img'));
  assert.ok(html.includes(escapeHtml(HOSTILE)));
  const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
  assert.equal(scripts.length, 2, 'uPlot and the client script');
  const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1]!.replaceAll('&#39;', "'");
  for (const s of scripts) assert.ok(csp.includes(cspHash(s)), 'each inline script is allowed by its hash');
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /connect-src 'none'/);
  const data = JSON.parse(/<script type="application\/json" id="lptf-data">([\s\S]*?)<\/script>/.exec(html)![1]!);
  assert.deepEqual(data, JSON.parse(JSON.stringify(chartData(result))));
});

test('the chart data holds the series, the check bounds and a spectrum per scope', async () => {
  const result = await knownRun('en', { hostile: true });
  const data = chartData(result);
  assert.equal(data.seconds.length, result.series.length);
  assert.deepEqual(
    data.bounds.map((b) => b.ms),
    [170, 300, 870, 1000],
  );
  assert.deepEqual(Object.keys(data.spectra), ['all', HOSTILE, 'normal', 'abnormal']);
  assert.deepEqual(data.spectra[HOSTILE]!.at(-1), { p: 100, ms: 15 });
  assert.equal(data.spectra['all']!.at(-1)!.ms, 900);
  assert.equal(
    data.seconds.reduce((n, s) => n + (s.errors['http_500'] ?? 0), 0),
    12,
  );
  assert.deepEqual(boundsOf({ '<=170ms': 1, '<170ms': 1, '>870.5ms': 0, other: 2 }), [
    { label: '<=170ms', ms: 170 },
    { label: '>870.5ms', ms: 870.5 },
  ]);
});

test('every chart the report places is one the client script knows how to draw', () => {
  const client = readFileSync(new URL('../../../../assets/report-client.js', import.meta.url), 'utf8');
  for (const c of LOAD_CHARTS) assert.match(client, new RegExp(`id: '${c.id}'`), c.id);
});
