/**
 * A value and where it came from: `--rate`, `lptf.config.yaml:4 rate`, `preset wechat-widget`.
 *
 * @example
 * ```ts
 * const s: Sourced = { value: 200, where: 'lptf.config.yaml:3 rate' }
 * ```
 */
export interface Sourced {
  readonly value: unknown;
  readonly where: string;
}

/**
 * One field of a plan, declared once: the flag, the config key, the environment variable, the
 * help text and whether it is a credential all come from here. The commander options, the config
 * file's known keys, the environment layer, redaction and the Kubernetes Secret read it.
 *
 * @example
 * ```ts
 * const rate: FieldSpec = { key: 'rate', flags: '-r, --rate <qps>', help: 'requests per second (default 200)', group: 'load' }
 * ```
 */
export interface FieldSpec {
  /** The field's name in a plan layer and a config file (camelCase): `maxInflight`. */
  readonly key: string;
  /** Commander's flags: `-r, --rate <qps>`, `--insecure`, `--dashboard [port]`. */
  readonly flags: string;
  readonly help: string;
  /** `request`: what is sent (`run`, `k8s`); `load`: how hard and how reported (also `demo`). */
  readonly group: 'request' | 'load' | 'watch';
  /** An environment variable that sets it: above the config file, beneath the flags. */
  readonly env?: string;
  /** A credential: redacted from command lines and reports, kept in a Kubernetes Secret (give it an `env`). */
  readonly secret?: boolean;
  /** Where the results go (`--out`, formats, progress, the dashboard): not part of the plan itself. */
  readonly output?: boolean;
  /** A flag that may be given several times, each value appended. */
  readonly repeatable?: boolean;
  /** The values it takes, when it is a choice (read when the options are built). */
  readonly choices?: () => readonly string[];
  /** Other config-file spellings than the key and its kebab-case (`appid` for `appId`). */
  readonly aliases?: readonly string[];
  /** The value when no layer sets it, written as a user would write it (`30s`); `--help` shows it. */
  readonly fallback?: string | number | boolean | readonly string[];
  /** Reads the value, reporting what is wrong with `bad` (then returning undefined). */
  readonly parse?: (src: Sourced, bad: Bad) => unknown;
}

/**
 * Reports a problem with a field's value, naming where it came from; returns undefined so a
 * parser can `return bad(src, '…')`.
 *
 * @example
 * ```ts
 * const bad: Bad = (s, message) => void problems.push({ where: s.where, message })
 * ```
 */
export type Bad = (src: Sourced, message: string) => undefined;

/**
 * A field that reads itself into a `T`: the plan's type of that field comes from its parser.
 *
 * @example
 * ```ts
 * const rate: TypedField<number> = { key: 'rate', …, fallback: 200, parse: (s, bad) => positiveNumber(s, bad, 'a rate') }
 * ```
 */
export type TypedField<T> = Omit<FieldSpec, 'parse'> & { readonly parse: (src: Sourced, bad: Bad) => T | undefined };

/**
 * The type a typed field reads into.
 *
 * @example
 * ```ts
 * type Ms = FieldValue<typeof DURATION> // number
 * ```
 */
export type FieldValue<F> = F extends TypedField<infer T> ? T : never;

/**
 * A typed field's value from the layers (through `get`), or its fallback, parsed; undefined if
 * it is missing or bad (a problem was then reported).
 *
 * @example
 * ```ts
 * readField(DURATION, get, bad) // 30000 when nobody set it
 * ```
 */
export function readField<T>(field: TypedField<T>, get: (key: string) => Sourced | undefined, bad: Bad): T | undefined {
  const src =
    get(field.key) ??
    (field.fallback === undefined ? undefined : { value: field.fallback, where: `default ${longFlag(field)}` });
  return src === undefined ? undefined : field.parse(src, bad);
}

/**
 * One layer of plan input (a preset, a config file, the environment, the flags): any subset of
 * fields, each with its source, so every problem can say where it is.
 *
 * @example
 * ```ts
 * const flags: PlanInput = { rate: { value: '200', where: '--rate' } }
 * ```
 */
export type PlanInput = Readonly<Record<string, Sourced | undefined>>;

/**
 * The prefix under which a layer keeps a key that names no field (`unknown:rat`), so the plan
 * reports it beside every other problem instead of stopping at it.
 */
export const UNKNOWN_FIELD = 'unknown:';

/**
 * A field's value from the topmost layer that sets it (layers lowest first: a load file, the
 * config file, the environment, the flags), with where it came from.
 *
 * @example
 * ```ts
 * pickField([config, flags], 'rate') // { value: '500', where: '--rate' } if both set it
 * ```
 */
export function pickField(layers: readonly PlanInput[], field: string): Sourced | undefined {
  for (let i = layers.length - 1; i >= 0; i--) {
    const s = Object.hasOwn(layers[i] ?? {}, field) ? layers[i]?.[field] : undefined;
    if (s !== undefined && s.value !== undefined) return s;
  }
  return undefined;
}

/**
 * A field's long flag, as problems and redaction name it: `--max-inflight`.
 *
 * @example
 * ```ts
 * longFlag({ flags: '-r, --rate <qps>' } as FieldSpec) // '--rate'
 * ```
 */
export function longFlag(field: Pick<FieldSpec, 'flags'>): string {
  return /--[\w-]+/.exec(field.flags)?.[0] ?? field.flags;
}
