import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RequestCounts } from '../../core/recorder/index.js';
import { deliveryNote, runNotes } from './notes.js';

const requests: RequestCounts = {
  scheduled: 10,
  sent: 10,
  completed: 10,
  ok: 0,
  failed: 10,
  dropped: 0,
  cancelled: 0,
};
const notesFor = (errors: Record<string, number>, url = 'https://api.test:8443/x') =>
  runNotes({ requests, errors, url, interrupted: false, maxInflight: 100, queueCapacity: 2000 });

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
    deliveryNote(base),
    'The planned load was not delivered: 10.1/s of 50/s (20.2%). What held it back: nothing lptf measured; look at the generator and the network.',
  );
  const all = deliveryNote({
    ...base,
    windowSec: 25,
    requests: { ...base.requests, dropped: 3, cancelled: 2 },
    errors: { refused: 4, timeout: 1 },
    behind: true,
  });
  for (const part of [
    /the in-flight limit: 5 requests were out at once and later arrivals waited \(the last request went out 20\.0 s after the schedule ended; 3 arrival\(s\) found the wait queue \(500\) full\)/,
    /the generator fell behind/,
    /the target refused 4 connection\(s\)/,
    /1 request\(s\) held a slot until they timed out/,
    /2 request\(s\) were cancelled when the run stopped/,
  ])
    assert.match(all, part);
});
