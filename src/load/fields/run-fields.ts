import { CHECK_FORMS } from '../../core/checks/index.js';
import { TEMPLATE_PLACEHOLDERS } from '../../core/template/index.js';
import type { FieldSpec } from './field.js';

/**
 * The fields of a load test that belong to no protocol and no registry, in the order `--help`
 * lists them. `preset` and `protocol` are declared beside their registries (`planFields()`), and
 * each protocol adds its own (`Protocol.fields`).
 *
 * @example
 * ```ts
 * RUN_FIELDS.find((f) => f.key === 'rate')?.flags // '-r, --rate <qps>'
 * ```
 */
export const RUN_FIELDS: readonly FieldSpec[] = [
  { key: 'url', flags: '<url>', help: 'target URL', group: 'request' },
  {
    key: 'cases',
    flags: '-c, --cases <[label=]file>',
    help: 'JSONL case file, one JSON object per line; repeatable; the label (default: file name) names its group',
    group: 'request',
    repeatable: true,
  },
  {
    key: 'method',
    flags: '-X, --method <method>',
    help: 'HTTP method (default POST with a body or cases, else GET)',
    group: 'request',
  },
  {
    key: 'headers',
    flags: '-H, --header <"Name: value">',
    help: 'request header, repeatable',
    group: 'request',
    repeatable: true,
    aliases: ['header'],
  },
  {
    key: 'body',
    flags: '-b, --body <template|@file>',
    help: `request body template; placeholders ${TEMPLATE_PLACEHOLDERS.map((p) => `{{${p}}}`).join(' ')} (default with cases: {{case}})`,
    group: 'request',
  },
  {
    key: 'okStatus',
    flags: '--ok-status <ranges>',
    help: 'statuses that count as OK, e.g. 200-399 or 2xx,404 (default 200-399)',
    group: 'request',
  },
  { key: 'rate', flags: '-r, --rate <qps>', help: 'requests per second, evenly spaced (default 200)', group: 'load' },
  {
    key: 'duration',
    flags: '-d, --duration <time>',
    help: 'how long to send: 30s, 5m, 30m, 1h (default 30s)',
    group: 'load',
  },
  {
    key: 'maxInflight',
    flags: '--max-inflight <n>',
    help: 'most requests in flight at once (default 1000)',
    group: 'load',
  },
  {
    key: 'connections',
    flags: '--connections <n>',
    help: 'closed loop instead of a rate: n connections, each sending its next request as soon as the last is answered (for headroom, not for latency)',
    group: 'load',
  },
  {
    key: 'workers',
    flags: '-w, --workers <n>',
    help: 'worker threads that send, for rates one core cannot drive (default 1: the main thread)',
    group: 'load',
  },
  {
    key: 'segment',
    flags: '--segment <i/N>',
    help: 'run segment i (0 to N-1) of a test spread over N instances: request k goes to segment k mod N; merge them with lptf merge',
    group: 'load',
  },
  {
    key: 'startAt',
    flags: '--start-at <time>',
    help: 'start the schedule at this time (ISO 8601 or ms since the epoch), the same for every segment',
    group: 'load',
  },
  {
    key: 'insecure',
    flags: '-k, --insecure',
    help: "https: accept any certificate, e.g. a test service's self-signed one (like curl -k)",
    group: 'load',
  },
  {
    key: 'client',
    flags: '--client <name>',
    help: "HTTP client: h1 (lptf's own HTTP/1.1, the default) or undici",
    group: 'load',
    choices: () => ['h1', 'undici'],
  },
  {
    key: 'queue',
    flags: '--queue <n>',
    help: 'most arrivals waiting for a free slot before they are dropped (default: 10 s of arrivals)',
    group: 'load',
  },
  {
    key: 'timeout',
    flags: '--timeout <time>',
    help: 'per-request timeout; a timed-out request fails and counts as slow (default 10s)',
    group: 'load',
  },
  {
    key: 'checks',
    flags: '--check <expr>',
    help: `acceptance check, repeatable: ${CHECK_FORMS.map((f) => `"${f}"`).join(', ')}`,
    group: 'load',
    repeatable: true,
    aliases: ['check'],
  },
  {
    key: 'lang',
    flags: '--lang <lang>',
    help: 'language of the report tables',
    group: 'load',
    choices: () => ['zh', 'en'],
  },
  {
    key: 'out',
    flags: '-o, --out <dir>',
    help: 'write summary.json and report.md into this folder',
    group: 'load',
    output: true,
  },
  {
    key: 'formats',
    flags: '--format <format>',
    help: 'also write this format into --out, repeatable: html (report with charts), csv (per-second series), junit (a test case per check), text',
    group: 'load',
    output: true,
    repeatable: true,
    aliases: ['format'],
  },
  { key: 'quiet', flags: '-q, --quiet', help: 'no progress on stderr', group: 'load', output: true },
  {
    key: 'dashboard',
    flags: '--dashboard [port]',
    help: 'serve a live dashboard on 127.0.0.1 (port 5665 unless given; 0 for any free port)',
    group: 'load',
    output: true,
  },
  {
    key: 'dashboardHost',
    flags: '--dashboard-host <addr>',
    help: 'listen on this address instead of 127.0.0.1 (the page shows your URLs and answers)',
    group: 'load',
    output: true,
  },
  { key: 'seed', flags: '--seed <n>', help: 'seed of the case order, to repeat a run exactly', group: 'load' },
];
