import { seedLine } from './seed-format.js';

const slot = (key: string, value: unknown): { key: string; value: unknown } => ({ key, value });
const query = (type: unknown, slots: unknown[]): Record<string, unknown> => ({ type, slot_list: slots });

/**
 * Normal and abnormal cases for the demo stock service, in the seed's line format.
 * Normal: every whitelisted code once (so the cache is not hit), most with the market slot.
 * Abnormal: codes outside the whitelist or badly formed, markets outside the whitelist,
 * missing, unknown, empty, over-long and wrongly typed slots, an unknown `type`, and text that
 * breaks naive parsers; each case distinct.
 *
 * @example
 * ```ts
 * const { normal, abnormal } = demoCases(['00700', '00005'])
 * normal[0] // '{"type": 1, "slot_list": [{"key": "stock_code", "value": "00005"}, {"key": "stock_market", "value": "hk"}]}'
 * ```
 */
export function demoCases(codes: readonly string[]): { normal: string[]; abnormal: string[] } {
  const normal = codes.map((code, i) =>
    seedLine(query(1, i % 10 === 9 ? [slot('stock_code', code)] : [slot('stock_code', code), slot('stock_market', 'hk')])),
  );
  const known = new Set(codes);
  const outside: string[] = [];
  for (let n = 99_999; outside.length < 8; n--) {
    const code = String(n).padStart(5, '0');
    if (!known.has(code)) outside.push(code);
  }
  const hk = slot('stock_market', 'hk');
  const abnormal = [
    ...outside.map((code) => query(1, [slot('stock_code', code), hk])),
    ...['0070A', '7', '0000000700', '-0700', '00 700'].map((code) => query(1, [slot('stock_code', code), hk])),
    ...['us', 'xx', '', 'HK ', 'hongkong'].map((m) => query(1, [slot('stock_code', codes[0]), slot('stock_market', m)])),
    query(1, [hk]),
    query(1, []),
    query(1, [slot('stock_code', 700), hk]),
    query(1, [slot('stock_code', null), hk]),
    query(1, [slot('stock_code', ['00700']), hk]),
    query(1, [slot('stock_code', codes[1]), hk, slot('stock_exchange', 'hkex')]),
    query(99, [slot('stock_code', codes[2]), hk]),
    query('1', [slot('stock_code', codes[3]), hk]),
    { type: 1 },
    query(1, [slot('stock_code', '0'.repeat(300)), hk]),
    query(1, [slot('stock_code', '00700"; DROP TABLE stocks; --'), hk]),
    query(1, [slot('stock_code', '<script>alert(1)</script>'), hk]),
    query(1, [slot('stock_code', '00700\u0000\n'), hk]),
    query(1, [slot('stock_code', '📈00700'), hk]),
    query(1, [slot('stock_code', "00700' OR '1'='1"), hk]),
  ].map(seedLine);
  return { normal, abnormal };
}
