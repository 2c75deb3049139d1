/**
 * How a slot's values are made.
 *
 * @example
 * ```ts
 * const v: ValueSpec = { kind: 'date', from: 0, to: 6, format: 'YYYY-MM-DD' }
 * ```
 */
export type ValueSpec =
  | {
      readonly kind: 'enum';
      readonly values: readonly string[];
      /** A slot whose value decides this one's list: a city drawn from its province's list. */
      readonly dependsOn?: string;
      /** Each value of `dependsOn`'s slot → the values this slot may take with it (`values` is their union). */
      readonly by?: Readonly<Record<string, readonly string[]>>;
    }
  | { readonly kind: 'int'; readonly min: number; readonly max: number }
  | { readonly kind: 'decimal'; readonly min: number; readonly max: number; readonly digits: number }
  | { readonly kind: 'date'; readonly from: number; readonly to: number; readonly format: DateFormat }
  | { readonly kind: 'pattern'; readonly pattern: string }
  | { readonly kind: 'text'; readonly values: readonly string[] };

/**
 * How dates are written.
 *
 * @example
 * ```ts
 * const f: DateFormat = 'YYYYMMDD'
 * ```
 */
export type DateFormat = 'YYYY-MM-DD' | 'YYYYMMDD';

/**
 * One slot of a search mode.
 *
 * @example
 * ```ts
 * const s: SlotSpec = { key: 'stock_market', required: false, value: { kind: 'enum', values: ['hk'] } }
 * ```
 */
export interface SlotSpec {
  readonly key: string;
  readonly required: boolean;
  readonly value: ValueSpec;
}

/**
 * A rule between the slots of a mode: what a real user's query obeys beyond each slot's own
 * values. `order`: the first slot's value is at most the second's (dates or numbers; `strict`:
 * less than). `pairs`: the two slots' values go together only as one of the `allowed` pairs.
 * `when`: if a slot has one of the listed values, the `require`d slots are there and the
 * `forbid`den ones are not. A rule applies only where its slots are in the query.
 *
 * @example
 * ```ts
 * const r: SlotRule = { kind: 'order', slots: ['begin_date', 'end_date'], strict: false }
 * ```
 */
export type SlotRule =
  | { readonly kind: 'order'; readonly slots: readonly [string, string]; readonly strict: boolean }
  | {
      readonly kind: 'pairs';
      readonly slots: readonly [string, string];
      readonly allowed: readonly (readonly [string, string])[];
    }
  | {
      readonly kind: 'when';
      readonly slot: string;
      readonly in: readonly string[];
      readonly require: readonly string[];
      readonly forbid: readonly string[];
    };

/**
 * A search mode of a service type: the slots a query of that mode carries.
 *
 * @example
 * ```ts
 * const m: ModeSpec = { name: 'one_day', slots: [{ key: 'city', required: true, value: { kind: 'enum', values: ['北京'] } }] }
 * ```
 */
export interface ModeSpec {
  readonly name: string;
  readonly slots: readonly SlotSpec[];
  /** Rules between its slots that every normal query keeps (see `SlotRule`). */
  readonly rules?: readonly SlotRule[];
}

/**
 * A service type (`type` id) and its search modes.
 *
 * @example
 * ```ts
 * const t: TypeSpec = { type: 2, name: 'weather', modes: [oneDay, oneWeek] }
 * ```
 */
export interface TypeSpec {
  readonly type: number;
  readonly name: string;
  readonly modes: readonly ModeSpec[];
  /** Where users are: this share of normal queries carry `longitude` and `latitude` inside the box. */
  readonly location?: LocationSpec;
}

/**
 * The users who granted their location (the guide: a query may carry `longitude` and `latitude`):
 * a share of the normal queries, at points inside a bounding box.
 *
 * @example
 * ```ts
 * const china: LocationSpec = { share: 0.3, box: { west: 73.5, south: 18, east: 135, north: 53.5 } }
 * ```
 */
export interface LocationSpec {
  readonly share: number;
  readonly box: { readonly west: number; readonly south: number; readonly east: number; readonly north: number };
}

/**
 * A slot schema: what queries a widget service accepts, from which cases are generated and
 * against which case files are checked.
 *
 * @example
 * ```ts
 * const schema = await loadSchema('examples/schemas/stock.yaml')
 * schema.types[0].modes[0].slots.map((s) => s.key) // ['stock_code', 'stock_market']
 * ```
 */
export interface SlotSchema {
  readonly types: readonly TypeSpec[];
}

/**
 * The value kinds a schema may use, for errors and docs.
 *
 * @example
 * ```ts
 * VALUE_KINDS.join(', ') // 'enum, int, decimal, date, pattern, text'
 * ```
 */
export const VALUE_KINDS = ['enum', 'int', 'decimal', 'date', 'pattern', 'text'] as const;
