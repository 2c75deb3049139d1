/** How a slot's values are made. */
export type ValueSpec =
  | { readonly kind: 'enum'; readonly values: readonly string[] }
  | { readonly kind: 'int'; readonly min: number; readonly max: number }
  | { readonly kind: 'decimal'; readonly min: number; readonly max: number; readonly digits: number }
  | { readonly kind: 'date'; readonly from: number; readonly to: number; readonly format: DateFormat }
  | { readonly kind: 'pattern'; readonly pattern: string }
  | { readonly kind: 'text'; readonly values: readonly string[] };

/** How dates are written. */
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

/** A search mode of a service type: the slots a query of that mode carries. */
export interface ModeSpec {
  readonly name: string;
  readonly slots: readonly SlotSpec[];
}

/** A service type (`type` id) and its search modes. */
export interface TypeSpec {
  readonly type: number;
  readonly name: string;
  readonly modes: readonly ModeSpec[];
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

/** The value kinds a schema may use, for errors and docs. */
export const VALUE_KINDS = ['enum', 'int', 'decimal', 'date', 'pattern', 'text'] as const;
