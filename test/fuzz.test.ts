// test-lane: untimed (it asserts no time or rate: scripts/run-tests.mjs runs it beside the timed tests)
// A seeded fuzz of what users and files feed lptf: config files, case lines, check expressions,
// and measure.json / summary.json read back. Each input is either accepted or refused with lptf's
// own error (exit 2, named); nothing else may escape (that would be exit 70, a stack trace), and
// nothing may hang. The seed is printed: a failure is reproduced with LPTF_FUZZ_SEED.

import '../src/builtins.js';
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { seededRandom } from '../src/core/cases/index.js';
import { parseCases } from '../src/core/cases/parse-cases.js';
import { parseCheck } from '../src/core/checks/index.js';
import { LptfError } from '../src/core/errors/index.js';
import { mergeMeasurements } from '../src/load/merge/index.js';
import { parseConfig } from '../src/load/plan/config-file.js';
import { runKind } from '../src/load/report/run-kind.js';
import { checkedMeasurement, checkedRunResult } from '../src/load/result/index.js';
import { resolveRun } from '../src/load/run/index.js';
import { anyVerdict, lptf } from './helpers/cli.js';
import { startTarget, type Target } from './helpers/target.js';

// Fixed, so CI is repeatable; LPTF_FUZZ_SEED explores further (seeds 1 to 8 passed when it was written).
const SEED = Number(process.env['LPTF_FUZZ_SEED'] ?? 2026);
const random = seededRandom(SEED);
process.stdout.write(`# fuzz seed ${SEED} (LPTF_FUZZ_SEED=${SEED} repeats it)\n`);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
const int = (n: number): number => Math.floor(random() * n);

/** Odd values of every JSON type, and texts that break parsers. */
const ODD: readonly unknown[] = [
  0,
  -1,
  1e308,
  -1e308,
  1e-320,
  2 ** 53 + 1,
  Number.NaN,
  '',
  ' ',
  'abc',
  '1e9',
  '-5',
  '0x10',
  '∞',
  '1e999',
  '10ms',
  '30m',
  '99999999999h',
  'NaN',
  '__proto__',
  'constructor',
  '{{constructor}}',
  '{{case.__proto__}}',
  '\u0000',
  '\r\nX: y',
  'x'.repeat(5000),
  '\ud800',
  null,
  true,
  false,
  [],
  [1, 'a', null],
  {},
  { value: 1 },
  { __proto__: { polluted: 1 } },
  [[[[[[[[[[]]]]]]]]]],
];
const mutateText = (text: string): string => {
  const chars = [...text];
  for (let k = 0, n = 1 + int(4); k < n; k++) {
    const i = int(chars.length + 1);
    const op = int(4);
    if (op === 0) chars.splice(i, 1);
    else if (op === 1) chars.splice(i, 0, pick(['{', '}', '"', ',', ':', '[', ']', '\\', '\u0000', 'é', '😀', '\n']));
    else if (op === 2) chars.splice(i, 0, ...pick(['1e999', '-0', 'null', 'true', '"x"', '{}', '[]']));
    else chars.splice(i, 1, pick(['0', '9', 'a', ' ', '%']));
  }
  return chars.join('');
};

/** Either fine or lptf's own error: anything else is the bug this suite looks for. */
async function acceptedOrRefused(what: string, input: unknown, f: () => unknown): Promise<void> {
  try {
    await f();
  } catch (err) {
    if (err instanceof LptfError) return;
    assert.fail(`${what}: ${(err as Error)?.stack ?? String(err)}\ninput: ${JSON.stringify(input)?.slice(0, 400)}`);
  }
}

const KEYS = [
  'url',
  'rate',
  'duration',
  'timeout',
  'maxInflight',
  'max-inflight',
  'queue',
  'workers',
  'connections',
  'method',
  'headers',
  'body',
  'checks',
  'check',
  'cases',
  'seed',
  'okStatus',
  'preset',
  'protocol',
  'segment',
  'startAt',
  'lang',
  'out',
  'formats',
  'checkpoint',
  'dashboard',
  'rat',
];

let target: Target;
let run: string;
before(async () => {
  target = await startTarget({ delayMs: 1 });
  run = await mkdtemp(join(tmpdir(), 'lptf-fuzz-'));
  const r = await lptf(['run', target.url, '-r', '40', '-d', '1s', '-o', run, '-q', '--check', 'p(95) < 1s']);
  // Any verdict will do: the fuzz needs the files a finished run writes.
  assert.ok(anyVerdict(r.code), r.stderr);
});
after(() => target?.close());

test('config files: 300 plans with odd values for every kind of key are accepted or refused, named', async () => {
  for (let i = 0; i < 300; i++) {
    const plan: Record<string, unknown> = { url: target.url, duration: '1s', rate: 5 };
    for (let k = 0, n = 1 + int(4); k < n; k++) plan[pick(KEYS)] = pick(ODD);
    const text = int(2) === 0 ? JSON.stringify(plan) : mutateText(JSON.stringify(plan));
    await acceptedOrRefused('config', text, async () => {
      const layer = parseConfig(text, 'fuzz.json');
      await resolveRun([layer]);
    });
  }
});

test('case lines: 2,000 mutated lines parse or are refused by line, never throw', () => {
  const seeds = [
    '{"type": 1, "slot_list": [{"key": "stock_code", "value": "00700"}]}',
    '{"a": {"b": [1, 2, {"c": null}]}, "expect": {"err_code": 0}}',
  ];
  for (let i = 0; i < 2000; i++) {
    const text = Array.from({ length: 1 + int(3) }, () => mutateText(pick(seeds))).join('\n');
    const parsed = parseCases(text, 'g', 'fuzz.jsonl');
    for (const p of parsed.problems) assert.match(p.where, /^fuzz\.jsonl(:\d+)?$/, JSON.stringify(p));
  }
});

test('check expressions: 2,000 mutated checks parse or are refused with a message', () => {
  const seeds = [
    'p(95) <= 170ms',
    'share(<=170ms) >= 95%',
    'share(>870ms) <= 1%',
    'error_rate < 1%',
    'rate >= 190',
    'delivered >= 95%',
    'mean[normal] < 1s',
  ];
  for (let i = 0; i < 2000; i++) {
    const text = mutateText(pick(seeds));
    try {
      parseCheck(text);
    } catch (err) {
      // Refused: callers turn the message into an exit-2 problem naming the check.
      assert.ok(err instanceof RangeError || err instanceof LptfError, `${text}: ${(err as Error).stack}`);
      assert.ok((err as Error).message.length > 0);
    }
  }
});

/** Sets a random path of a JSON value to an odd value. */
function mutateJson(value: unknown): unknown {
  const copy = structuredClone(value) as Record<string, unknown>;
  let at: Record<string, unknown> = copy;
  for (let depth = 0; depth < 6; depth++) {
    const keys = Object.keys(at);
    if (keys.length === 0) break;
    const key = pick(keys);
    const next = at[key];
    if (next === null || typeof next !== 'object' || int(3) === 0) {
      at[key] = pick(ODD);
      return copy;
    }
    at = next as Record<string, unknown>;
  }
  at[pick(['x', ...Object.keys(at)])] = pick(ODD);
  return copy;
}

test('measure.json and summary.json: 300 mutated files are read, merged and rendered, or refused', async () => {
  const measurement = JSON.parse(await readFile(join(run, 'measure.json'), 'utf8')) as unknown;
  const summary = JSON.parse(await readFile(join(run, 'summary.json'), 'utf8')) as unknown;
  for (let i = 0; i < 300; i++) {
    const m = mutateJson(measurement);
    await acceptedOrRefused('measure.json', m, () => {
      const checked = checkedMeasurement(m, 'fuzz/measure.json');
      const { result } = mergeMeasurements([{ path: 'fuzz', measurement: checked }]);
      for (const r of runKind.reporters.all()) r.render(result);
    });
    const s = mutateJson(summary);
    await acceptedOrRefused('summary.json', s, () => {
      const result = checkedRunResult(s, 'fuzz/summary.json');
      for (const r of runKind.reporters.all()) r.render(result);
    });
  }
});
