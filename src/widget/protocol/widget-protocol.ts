import { parseDuration } from '../../core/units/index.js';
import type { FieldSpec, Sourced } from '../../load/fields/field.js';
import { stringList } from '../../load/fields/parse-field.js';
import type { BoundProtocol, Protocol } from '../../load/protocol/protocol.js';
import { cacheWarnings } from './cache-check.js';
import { widgetCaseWarnings } from './case-shape.js';
import { checkCredentials, type WidgetCredentials } from './credentials.js';
import { errCodeSections } from './err-code-section.js';
import { qualificationSection } from './qualification.js';
import { REPLY_WARNING_WORDS } from './reply-check.js';
import { type WidgetWire, widgetRequestBuilder } from './request-builder.js';
import { WIDGET_PROTOCOL } from './use-widget.js';
import { DEFAULT_EXPECTATIONS, type ErrCodeExpectations, widgetClassifier } from './widget-outcome.js';

/**
 * The widget protocol's plan fields: its credentials (secret, also from `LPTF_WX_*`), its wire
 * and the `err_code`s each group expects.
 *
 * @example
 * ```ts
 * WIDGET_FIELDS.filter((f) => f.secret).map((f) => f.env) // ['LPTF_WX_TOKEN', 'LPTF_WX_AES_KEY', 'LPTF_WX_APPID', 'LPTF_WX_GH_ID']
 * ```
 */
export const WIDGET_FIELDS: readonly FieldSpec[] = [
  {
    key: 'token',
    flags: '--token <token>',
    help: 'widget protocol: the Token (or LPTF_WX_TOKEN)',
    group: 'request',
    env: 'LPTF_WX_TOKEN',
    secret: true,
  },
  {
    key: 'aesKey',
    flags: '--aes-key <key>',
    help: 'widget protocol: the 43-character EncodingAESKey (or LPTF_WX_AES_KEY)',
    group: 'request',
    env: 'LPTF_WX_AES_KEY',
    secret: true,
  },
  {
    key: 'appId',
    flags: '--appid <id>',
    help: 'widget protocol: the mini program AppID (or LPTF_WX_APPID)',
    group: 'request',
    env: 'LPTF_WX_APPID',
    secret: true,
  },
  {
    key: 'ghId',
    flags: '--gh-id <id>',
    help: 'widget protocol: the original id gh_… (or LPTF_WX_GH_ID)',
    group: 'request',
    env: 'LPTF_WX_GH_ID',
    secret: true,
  },
  {
    key: 'plain',
    flags: '--plain',
    help: 'widget protocol: send events unencrypted, to measure business processing alone',
    group: 'request',
  },
  {
    key: 'bodyFormat',
    flags: '--body-format <format>',
    help: 'widget protocol: body format',
    group: 'request',
    choices: () => ['json', 'xml'],
  },
  {
    key: 'cacheTtl',
    flags: '--cache-ttl <time>',
    help: "widget protocol: the service's own cache time; the report warns when a case repeats sooner (default: the lifespan the replies declare)",
    group: 'request',
  },
  {
    key: 'expect',
    flags: '--expect <group=codes>',
    help: 'widget protocol: err_codes a group expects, repeatable (default normal=0,-1 abnormal=-1,-2)',
    group: 'request',
    repeatable: true,
  },
];

/**
 * The widget protocol bound to a plan, with what it was bound to.
 *
 * @example
 * ```ts
 * (plan.protocol as WidgetBound).settings.wire.plain // true with --plain
 * ```
 */
export interface WidgetBound extends BoundProtocol {
  readonly settings: {
    readonly wire: WidgetWire;
    readonly credentials: WidgetCredentials;
    readonly expect: ErrCodeExpectations;
  };
}

/**
 * The WeChat search-widget protocol: each case is encrypted and signed into the event WeChat
 * posts, and each reply is verified, decrypted and judged by its `err_code` (see
 * `shared/reference/wechat-widget-protocol.md`). Its report adds the `err_code`s per group.
 *
 * @example
 * ```ts
 * protocols.register(widgetProtocol)
 * ```
 */
export const widgetProtocol: Protocol = {
  name: WIDGET_PROTOCOL,
  fields: WIDGET_FIELDS,
  bind(ctx) {
    const problems = { count: 0 };
    const problem = (p: { where: string; message: string }): void => {
      problems.count++;
      ctx.problem(p);
    };
    const plain = ctx.get('plain')?.value === true;
    const formatSrc = ctx.get('bodyFormat');
    const format = formatSrc ? String(formatSrc.value) : 'json';
    if (formatSrc && format !== 'json' && format !== 'xml')
      problem({ where: formatSrc.where, message: `must be json or xml, got "${format}"` });
    const checked = checkCredentials(
      { token: ctx.get('token'), aesKey: ctx.get('aesKey'), appId: ctx.get('appId'), ghId: ctx.get('ghId') },
      !plain,
    );
    checked.problems.forEach(problem);
    const expect = parseExpectations(ctx.get('expect'), problem);
    const ttlSrc = ctx.get('cacheTtl');
    const cacheTtlMs = ttlSrc ? parseDuration(String(ttlSrc.value), 's') : undefined;
    if (ttlSrc && (cacheTtlMs === undefined || !(cacheTtlMs >= 0))) {
      problem({ where: ttlSrc.where, message: `"${String(ttlSrc.value)}" is not a duration; write e.g. 60s or 5m` });
    }
    if (ctx.caseFiles === 0) {
      problem({
        where: '--cases',
        message:
          'the widget self-test sends your cases: give --cases normal=normal.jsonl --cases abnormal=abnormal.jsonl',
      });
    }
    const { credentials } = checked;
    if (problems.count > 0 || !credentials || !expect) return undefined;
    const wire = { plain, format: format === 'xml' ? ('xml' as const) : ('json' as const) };
    const bound: WidgetBound = {
      name: WIDGET_PROTOCOL,
      settings: { wire, credentials, expect },
      defaultMethod: 'POST',
      // Every reply is read: verified, decrypted and judged by its err_code.
      keepBody: true,
      rehearses: true,
      requestBuilder(request) {
        const build = widgetRequestBuilder(credentials, wire, request.headers);
        return (testCase, seq) => build(testCase, seq, request.path.render({ testCase, seq }));
      },
      classifier: (request) => widgetClassifier(credentials, wire, expect, request.isOk),
      caseWarnings: widgetCaseWarnings,
      runWarnings: (run) => cacheWarnings(run, cacheTtlMs === undefined ? undefined : cacheTtlMs / 1000),
    };
    return bound;
  },
  // Whether the run is the seed's self-test result first, then what the backend answered.
  sections: (result, lang) => [qualificationSection(result, lang), ...errCodeSections(result, lang)],
  checkLabels: { expected_rate: { zh: 'err_code 符合预期', en: 'err_code as expected' } },
  warningWords: REPLY_WARNING_WORDS,
};

/** `--expect abnormal=-1,-2` (repeatable) or a config map `{ abnormal: [-1, -2] }`, over the defaults. */
function parseExpectations(
  src: Sourced | undefined,
  problem: (p: { where: string; message: string }) => void,
): ErrCodeExpectations | undefined {
  if (!src) return DEFAULT_EXPECTATIONS;
  const bad = (message: string): undefined => void problem({ where: src.where, message });
  const entries: [string, unknown][] =
    src.value && typeof src.value === 'object' && !Array.isArray(src.value)
      ? Object.entries(src.value as Record<string, unknown>)
      : stringList(src, (_s, m) => bad(m)).map((t) => {
          const i = t.indexOf('=');
          return i > 0 ? [t.slice(0, i), t.slice(i + 1)] : ['', t];
        });
  const expect: Record<string, readonly number[]> = { ...DEFAULT_EXPECTATIONS };
  for (const [group, codes] of entries) {
    const list = (Array.isArray(codes) ? codes : String(codes).split(',')).map((c) => Number(String(c).trim()));
    if (group === '' || list.length === 0 || !list.every(Number.isInteger))
      return bad(`"${group}=${String(codes)}" is not group=err_codes, e.g. abnormal=-1,-2`);
    expect[group] = list;
  }
  return expect;
}
