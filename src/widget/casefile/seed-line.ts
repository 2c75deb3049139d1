/**
 * Writes a case in the seed's exact line format, with a space after each `:` and `,`:
 * `{"type": 1, "slot_list": [{"key": "stock_code", "value": "00700"}]}`.
 *
 * @example
 * ```ts
 * seedLine({ type: 1, slot_list: [] }) // '{"type": 1, "slot_list": []}'
 * ```
 */
export function seedLine(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(seedLine).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${JSON.stringify(k)}: ${seedLine(v)}`)
      .join(', ')}}`;
  }
  return JSON.stringify(value);
}
