import type { SlotSchema } from '../casegen/index.js';

/**
 * The demo service's slot schema: the seed's stock query (`type` 1) with a whitelist of codes,
 * and the market, which may be left out. `lptf demo` generates its cases from it.
 *
 * @example
 * ```ts
 * generateCases(demoSchema(hkStockCodes(300)), { count: 333, abnormalShare: 0.1, seed: 1, today: new Date() })
 * ```
 */
export function demoSchema(codes: readonly string[]): SlotSchema {
  return {
    types: [
      {
        type: 1,
        name: 'stock',
        modes: [
          {
            name: 'quote',
            slots: [
              { key: 'stock_code', required: true, value: { kind: 'enum', values: codes } },
              { key: 'stock_market', required: false, value: { kind: 'enum', values: ['hk'] } },
            ],
          },
        ],
      },
    ],
  };
}
