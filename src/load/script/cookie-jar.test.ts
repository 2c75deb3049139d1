import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CookieJar, MAX_COOKIE_BYTES, MAX_COOKIE_HEADER_BYTES } from './cookie-jar.js';

test('a jar keeps cookies by name, sends them back as one header, and removes expired ones', () => {
  const jar = new CookieJar();
  assert.equal(jar.header(), undefined);
  jar.take(['sid=abc; Path=/; HttpOnly', 'theme=dark']);
  assert.equal(jar.header(), 'sid=abc; theme=dark');
  jar.take(['sid=def; Max-Age=3600']);
  assert.equal(jar.header(), 'theme=dark; sid=def', 'a new value replaces the old');
  jar.take(['theme=; Max-Age=0']);
  assert.equal(jar.header(), 'sid=def', 'Max-Age=0 removes');
  const now = Date.parse('2026-12-01T00:00:00Z');
  jar.take(['sid=x; Expires=Wed, 21 Oct 2015 07:28:00 GMT'], now);
  assert.equal(jar.header(), undefined, 'an Expires in the past removes');
  jar.take(['a=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Max-Age=60'], now);
  assert.equal(jar.header(), 'a=1', 'Max-Age wins over Expires');
  jar.take(['novalue', '=nameless', ' ; x=1']);
  assert.equal(jar.header(), 'a=1', 'lines without a name=value pair are ignored');
});

test('a jar holds at most 180 cookies: past that the oldest go', () => {
  const jar = new CookieJar();
  jar.take(Array.from({ length: 200 }, (_, i) => `c${i}=${i}`));
  const names = (jar.header() ?? '').split('; ').map((p) => p.split('=')[0]);
  assert.equal(names.length, 180);
  assert.equal(names[0], 'c20');
  assert.equal(names.at(-1), 'c199');
});

test('a 4 KB cookie per step for 40 steps: the header stays within 8 KB, the newest kept; a cookie over 4 KB is refused whole', () => {
  const jar = new CookieJar();
  for (let step = 0; step < 40; step++) jar.take([`s${step}=${'v'.repeat(4000)}; Path=/`]);
  const header = jar.header() ?? '';
  assert.ok(Buffer.byteLength(header) <= MAX_COOKIE_HEADER_BYTES, `${Buffer.byteLength(header)} bytes`);
  assert.deepEqual(
    header.split('; ').map((p) => p.split('=')[0]),
    ['s38', 's39'],
  );
  jar.take(['sid=1']);
  assert.ok(header.length > 0 && (jar.header() ?? '').endsWith('; sid=1'));
  jar.take([`sid=${'x'.repeat(MAX_COOKIE_BYTES)}`]);
  assert.ok((jar.header() ?? '').endsWith('; sid=1'), 'the oversized one is refused, the old sid stays');
  jar.take(['sid=; Max-Age=0']);
  assert.ok(!(jar.header() ?? '').includes('sid='), 'and a removal still removes');
});
