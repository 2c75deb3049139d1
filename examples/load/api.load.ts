// Three endpoints in one test, as a ramp: 0 → 400/s over 5 s, then 400/s for 10 s.
//   node examples/load/api-server.mjs &
//   npx lptf run examples/load/api.load.ts
// Flags still override what is here, e.g. `--duration 1m` for a constant rate, or LPTF_URL.
// In your own project: import { loadTest } from 'lptf/load';
import { loadTest } from '../../src/load/script/load-test.js';

interface Item {
  readonly id: number;
  readonly name: string;
}

export default loadTest({
  url: 'http://127.0.0.1:8080',
  stages: ['5s:400', '10s:400:steady'],
  checks: [
    // The warm-up does not count against the latency: only the steady stage is judged.
    'p(95){stage:steady} <= 50ms',
    'p(99){scenario:search} <= 500ms',
    'error_rate <= 1%',
  ],
  data: {
    // Relative to this file; the shuffled order is kept each pass, so an id repeats as late as it can.
    items: { file: 'data/items.csv', mode: 'shuffle' },
    words: { rows: [{ q: 'item 1' }, { q: 'item 4' }, { q: '7' }], mode: 'random' },
  },
  scenarios: {
    // Half the arrivals list a page; a template needs no code.
    list: { weight: 5, request: { path: '/items?page={{seq}}' } },
    // Three in ten read one item, and check the answer is the item asked for.
    item: {
      weight: 3,
      request: { path: '/items/{{data.items.id}}' },
      check: (res, ctx) => (res.json() as Item).id === Number(ctx.data['items']?.['id']) || 'another item came back',
    },
    // Two in ten search: a body built in code, and a check of what came back.
    search: {
      weight: 2,
      data: ['words'],
      request: (ctx) => ({ method: 'POST', path: '/search', body: { q: ctx.data['words']?.['q'] } }),
      check: (res) => Array.isArray((res.json() as { hits?: unknown }).hits) || 'no hits array',
    },
  },
});
