import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sectionsToMarkdown, sectionsToText } from './render-sections.js';
import { markdownSafe, terminalSafe } from './safe-text.js';

const ESC = '\u001b';

test('a target cannot drive the terminal: control characters are shown escaped, tab and line feed kept', () => {
  assert.equal(terminalSafe(`${ESC}[2J${ESC}]0;pwned\u0007ok\u009b\tx`), '\\x1b[2J\\x1b]0;pwned\\x07ok\\x9b\tx');
  const text = sectionsToText([
    {
      id: 'e',
      title: `errors ${ESC}[31m`,
      table: { headers: ['kind'], rows: [[`${ESC}]8;;http://evil${ESC}\\`]] },
      lines: [`${ESC}[1A`],
    },
  ]).join('\n');
  assert.ok(!text.includes(ESC), JSON.stringify(text));
});

test("a target's HTML is text in Markdown, and lptf's own <= and >= stay readable", () => {
  assert.equal(
    markdownSafe('<script>x</script> <!-- c --> <= 95% >= 1'),
    '&lt;script>x&lt;/script> &lt;!-- c --> <= 95% >= 1',
  );
  const md = sectionsToMarkdown(
    [
      {
        id: 'e',
        title: '<img src=x onerror=alert(1)>',
        table: { headers: ['a'], rows: [['<b>x</b>']] },
        lines: ['<svg onload=1>'],
      },
      { id: 'bars', title: 'bars', lines: ['```', `${ESC}[31m`] },
    ],
    ['bars'],
  ).join('\n');
  assert.doesNotMatch(md, /<(img|b|svg)/);
  assert.ok(!md.includes(ESC));
  assert.equal(md.match(/```/g)?.length, 2, 'a line cannot close the code block early');
});

test('a reason or an answer cannot print a line of its own in a table, nor reverse what follows it', () => {
  const fake = 'bad\n✔ pass  error_rate  0%';
  const text = sectionsToText([
    { id: 'c', title: 'Checks', table: { headers: ['check'], rows: [[fake], ['LIAF\u202e']] } },
  ]);
  assert.equal(text[1]?.split('\n').length, 4, JSON.stringify(text[1]));
  assert.ok(text[1]?.includes('bad\\n✔ pass'));
  assert.ok(!text.join('\n').includes('\u202e'));
  assert.equal(terminalSafe('a\u202eb\u2066c'), 'a\\u202eb\\u2066c');
});
