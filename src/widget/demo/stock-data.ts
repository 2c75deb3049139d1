import { seededRandom } from '../../core/cases/index.js';

const NAMED: Readonly<Record<string, string>> = {
  '00001': 'CKH Holdings',
  '00004': 'Wharf Holdings',
  '00005': 'HSBC Holdings',
  '00197': 'Heng Tai Consumables',
  '00248': 'HKC International',
  '00388': 'HKEX',
  '00648': 'China Renewable Energy',
  '00700': 'Tencent',
  '00939': 'CCB',
  '01041': 'Doyen International',
  '01271': 'Grand Ming',
  '01299': 'AIA',
  '02318': 'Ping An',
  '03690': 'Meituan',
  '09618': 'JD.com',
  '09988': 'Alibaba',
  '10001': 'Warrant 10001',
  '10231': 'Warrant 10231',
  '11638': 'Warrant 11638',
};

/**
 * The demo service's whitelist: a few hundred Hong Kong stock codes (the seed's examples among
 * them), the same on every run.
 *
 * @example
 * ```ts
 * const codes = hkStockCodes(300)
 * codes.includes('00700') // true
 * ```
 */
export function hkStockCodes(count: number): string[] {
  const codes = new Set(Object.keys(NAMED));
  const random = seededRandom(700);
  while (codes.size < count) codes.add(String(Math.floor(random() * 10_000)).padStart(5, '0'));
  return [...codes].sort();
}

/**
 * A stock's display name: its real name for well-known codes, a generic one otherwise.
 *
 * @example
 * ```ts
 * stockName('00700') // 'Tencent'
 * ```
 */
export function stockName(code: string): string {
  return NAMED[code] ?? `HK Stock ${code}`;
}
