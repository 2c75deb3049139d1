// Another tool's results, written as that tool writes them, from a known list of requests: the
// figures lptf reports from them are then known exactly.

/** One request as the tests plan it. */
export interface PlannedSample {
  readonly startMs: number;
  readonly elapsedMs: number;
  readonly label: string;
  readonly ok: boolean;
  readonly code: string;
  readonly message: string;
}

/**
 * A 200/s JMeter-like test: `seconds` of requests every 5 ms from `t0`, by 20 threads, labels
 * `normal` and `abnormal` (one in four); latencies spread so the self-test's shares are known:
 * 3% of requests take 300 ms, 2% take 900 ms, the rest 5 to 44 ms; one in 200 fails with a 503, one
 * in 500 with a socket timeout (no status).
 */
export function plannedSamples(seconds: number, t0 = Date.UTC(2026, 11, 7, 4, 0, 0)): PlannedSample[] {
  const out: PlannedSample[] = [];
  for (let i = 0; i < seconds * 200; i++) {
    const slow = i % 100;
    const elapsedMs = slow < 2 ? 900 : slow < 5 ? 300 : 5 + (i % 40);
    const timeout = i % 500 === 7;
    const failed = i % 200 === 11;
    out.push({
      startMs: t0 + i * 5,
      elapsedMs,
      label: i % 4 === 3 ? 'abnormal' : 'normal',
      ok: !timeout && !failed,
      code: timeout ? 'Non HTTP response code: java.net.SocketTimeoutException' : failed ? '503' : '200',
      message: timeout ? 'Non HTTP response message: Read timed out' : failed ? 'Service Unavailable' : 'OK',
    });
  }
  return out;
}

const CSV_COLUMNS =
  'timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success,failureMessage,bytes,sentBytes,grpThreads,allThreads,URL,Latency,IdleTime,Connect';

function csvField(text: string, delimiter: string): string {
  return /["\n\r]/.test(text) || text.includes(delimiter) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The samples as JMeter's CSV results (its documented default columns), in the order JMeter
 * writes them (when each ends), with one transaction controller line, which sums others.
 */
export function jmeterCsv(samples: readonly PlannedSample[], delimiter = ','): string {
  const lines = [CSV_COLUMNS.replaceAll(',', delimiter)];
  const byEnd = [...samples].sort((a, b) => a.startMs + a.elapsedMs - (b.startMs + b.elapsedMs));
  for (const [i, s] of byEnd.entries()) {
    const failure = s.ok ? '' : `Assertion failed: "expected 200", got ${s.code},\nsee the log`;
    lines.push(
      [
        String(s.startMs),
        String(s.elapsedMs),
        s.label,
        s.code,
        s.message,
        `Thread Group 1-${(i % 20) + 1}`,
        'text',
        String(s.ok),
        failure,
        '120',
        '95',
        '20',
        '20',
        `http://127.0.0.1:8080/widget?q=${i}`,
        String(Math.max(0, s.elapsedMs - 1)),
        '0',
        i % 50 === 0 ? '1' : '0',
      ]
        .map((f) => csvField(f, delimiter))
        .join(delimiter),
    );
    if (i === 10)
      lines.push(
        [
          String(s.startMs),
          '999',
          'checkout',
          '200',
          'Number of samples in transaction : 3, number of failing samples : 0',
        ]
          .concat(['Thread Group 1-1', '', 'true', '', '0', '0', '20', '20', 'null', '0', '0', '0'])
          .map((f) => csvField(f, delimiter))
          .join(delimiter),
      );
  }
  return `${lines.join('\n')}\n`;
}

function xmlAttr(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('"', '&quot;').replaceAll('\n', '&#10;');
}

/** The samples as JMeter's XML results, each with a nested sub-result that must not count twice. */
export function jmeterXml(samples: readonly PlannedSample[]): string {
  const body = samples.map(
    (s, i) =>
      `<httpSample t="${s.elapsedMs}" it="0" lt="${Math.max(0, s.elapsedMs - 1)}" ct="0" ts="${s.startMs}" s="${s.ok}" lb="${xmlAttr(s.label)}" rc="${xmlAttr(s.code)}" rm="${xmlAttr(s.message)}" tn="Thread Group 1-${(i % 20) + 1}" dt="text" by="120" sby="95" ng="20" na="20">\n` +
      `  <httpSample t="1" ts="${s.startMs}" s="true" lb="${xmlAttr(s.label)}-0" rc="302" rm="Found" tn="x" dt="text"/>\n` +
      `  <java.net.URL>http://127.0.0.1:8080/widget?a=1&amp;b=${i}</java.net.URL>\n</httpSample>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testResults version="1.2">\n<!-- a comment <httpSample t="1"/> -->\n${body.join('\n')}\n</testResults>\n`;
}

/** The samples as ab's -g file (its header, then one line a request, its start to the second). */
export function abGnuplot(samples: readonly PlannedSample[]): string {
  const lines = ['starttime\tseconds\tctime\tdtime\tttime\twait'];
  for (const s of samples)
    lines.push(
      `${new Date(s.startMs).toUTCString()}\t${Math.floor(s.startMs / 1000)}\t0\t${s.elapsedMs}\t${s.elapsedMs}\t${Math.max(0, s.elapsedMs - 1)}`,
    );
  return `${lines.join('\n')}\n`;
}
