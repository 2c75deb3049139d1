import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RequestCounts } from '../../core/recorder/index.js';
import { closedLoopNote, deliveryNote, generatorLimitedNote, generatorReasons, runNotes, type Said } from './notes.js';

const requests: RequestCounts = {
  scheduled: 10,
  unsent: 0,
  redirects: 0,
  sent: 10,
  completed: 10,
  ok: 0,
  failed: 10,
  dropped: 0,
  cancelled: 0,
};
const notesFor = (errors: Record<string, number>, url = 'https://api.test:8443/x') =>
  runNotes({ requests, errors, url, interrupted: false, maxInflight: 100, queueCapacity: 2000 }).map((n) => n.en);

test('a failure that names its cause gets a note that says what to do: DNS, a TLS handshake, a certificate', () => {
  assert.deepEqual(notesFor({ dns: 10 }), [
    'The target\'s host name did not resolve (dns: 10): check "api.test:8443" in the URL, or give the address instead.',
  ]);
  assert.deepEqual(notesFor({ tls_handshake: 10 }), [
    'The TLS handshake failed (tls_handshake: 10): an https:// URL to a port that speaks plain HTTP does this; try http://api.test:8443.',
  ]);
  assert.match(notesFor({ tls_certificate: 10 })[0]!, /not trusted \(tls_certificate: 10\): .* -k\/--insecure/);
  assert.deepEqual(notesFor({ http_500: 10 }), []);
});

test('an undelivered load names every cause it can see, or says it saw none', () => {
  const base = {
    achievedRate: 10.1,
    rate: 50,
    delivered: 0.202,
    requests: { ...requests, ok: 10, failed: 0 },
    errors: {},
    maxInflight: 5,
    queueCapacity: 500,
    scheduleSec: 5,
    windowSec: 5.1,
    behind: false,
  };
  assert.equal(
    deliveryNote(base).en,
    'The planned load was not delivered: 10.1/s of 50/s (20.2%). What held it back: nothing lptf measured; look at the generator and the network.',
  );
  const all = deliveryNote({
    ...base,
    windowSec: 25,
    requests: { ...base.requests, dropped: 3, cancelled: 2 },
    errors: { refused: 4, timeout: 1 },
    behind: true,
  }).en;
  for (const part of [
    /the in-flight limit: 5 requests were out at once and later arrivals waited \(the last request went out 20\.0 s after the schedule ended; 3 arrival\(s\) found the wait queue \(500\) full\)/,
    /the generator fell behind/,
    /the target refused 4 connection\(s\)/,
    /1 request\(s\) held a slot until they timed out/,
    /2 request\(s\) were cancelled when the run stopped/,
  ])
    assert.match(all, part);
});

/** The figures of a sentence: what a translation must keep (in whatever order its grammar puts them). */
const figures = (text: string): string[] => text.match(/\d+(?:\.\d+)?/g) ?? [];

test('every note says the same figures in Chinese as in English', () => {
  const lateness = { count: 9, min: 1, mean: 5, p50: 3, p90: 9, p95: 11, p99: 14, p999: 30, max: 31 };
  const reasons = generatorReasons(lateness, 25);
  const notes: Said[] = [
    ...runNotes({
      requests: { ...requests, dropped: 7, scheduled: 40 },
      errors: { refused: 3, timeout: 2, dns: 1, tls_handshake: 4, tls_certificate: 6 },
      url: 'http://127.0.0.1:9/x',
      interrupted: true,
      maxInflight: 100,
      queueCapacity: 2000,
    }),
    ...runNotes({
      requests,
      errors: { refused: 10 },
      url: 'http://127.0.0.1:9/x',
      interrupted: false,
      maxInflight: 5,
      queueCapacity: 50,
    }),
    closedLoopNote(50),
    ...reasons,
    generatorLimitedNote(reasons),
    deliveryNote({
      achievedRate: 10.1,
      rate: 50,
      delivered: 0.202,
      requests: { ...requests, dropped: 3, cancelled: 2 },
      errors: { refused: 4, timeout: 1 },
      maxInflight: 5,
      queueCapacity: 500,
      scheduleSec: 5,
      windowSec: 25,
      behind: true,
    }),
  ];
  assert.equal(notes.length, 13);
  for (const n of notes) {
    assert.deepEqual(figures(n.zh).sort(), figures(n.en).sort(), n.en);
    assert.match(n.zh, /[\u4e00-\u9fff]/, `no Chinese in: ${n.zh}`);
  }
});
